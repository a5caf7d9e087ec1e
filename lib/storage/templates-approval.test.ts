// Issue 13 and 15 in the template store: the default lifetime and the "needs approval" flag are
// kept per version, read back, and audited with the change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '@/lib/auth/session';
import type { TemplateContent } from '@/lib/templates/model';
import { listAudit } from './audit';
import { freshTestStorage, type TestStorage } from './support/open-test-storage';
import { SqlTemplateStore } from './templates';

const admin: ConsoleUser = { id: 'local:ada', name: 'ada', role: 'admin', provider: 'local' };
const ctx = () => ({ user: admin, requestId: `req-${Math.random()}` });

const content = (over: Partial<TemplateContent> = {}): TemplateContent => ({
  title: 'Deploy keys',
  purpose: '',
  notes: '',
  prefill: { grants: [{ type: 'buckets', action: 'write', scope: { kind: 'all' } }], lifetime: '30d' },
  roles: ['creator', 'admin'],
  ...over,
});

let storage: TestStorage;
beforeEach(async () => {
  storage = await freshTestStorage();
});
afterEach(() => storage.dispose());

describe('template lifetime and approval flag', () => {
  it('keeps both per version: an edit that clears the flag leaves the older version flagged', async () => {
    const store = new SqlTemplateStore(storage.sql);
    const v1 = await store.create('deploy-keys', content({ needsApproval: true }), ctx());
    expect(v1.needsApproval).toBe(true);
    expect(v1.prefill.lifetime).toBe('30d');

    const v2 = await store.update('deploy-keys', content({ prefill: { ...content().prefill, lifetime: '7d' } }), 1, ctx());
    expect(v2.needsApproval).toBeUndefined();
    expect(v2.prefill.lifetime).toBe('7d');

    const latest = await store.get('deploy-keys');
    expect(latest?.latest).toMatchObject({ version: 2, prefill: { lifetime: '7d' } });
    expect(latest?.latest.needsApproval).toBeUndefined();
    expect(await store.version('deploy-keys', 1)).toMatchObject({ needsApproval: true, prefill: { lifetime: '30d' } });
    expect((await store.list()).map((t) => [t.slug, t.latest.needsApproval ?? false])).toEqual([['deploy-keys', false]]);
  });

  it('records the flag in the audit row of the change that set it', async () => {
    const store = new SqlTemplateStore(storage.sql);
    await store.create('deploy-keys', content({ needsApproval: true }), ctx());
    await store.update('deploy-keys', content(), 1, ctx());
    const rows = (await listAudit(50, storage.sql)).filter((r) => r.action.startsWith('template.'));
    const detail = (action: string) => rows.find((r) => r.action === action)?.detail;
    expect(detail('template.create')).toMatchObject({ template: 'deploy-keys', needsApproval: true });
    expect(detail('template.update')).not.toHaveProperty('needsApproval');
  });
});
