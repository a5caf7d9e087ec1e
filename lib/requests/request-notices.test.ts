// Which request steps tell whom, and what a notice may carry: for any request and any step, the
// link to the request's page and never a token value, even one pasted into the description, the
// justification, the narrowing note or the deny reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestForm } from './arbitraries';
import type { RequestAuditStep } from './audit-event';
import type { AccessRequest, RequestState } from './model';
import { requestStepNotice } from './request-notices';

const CONSOLE = 'https://tokens.acme.com/console/';
const tokenValue = fc.stringMatching(/^[A-Za-z0-9_-]{86}==$/);
const STEPS: RequestAuditStep[] = ['create', 'change', 'approve', 'approve-narrowed', 'deny', 'expire', 'withdraw', 'mint'];
const STATE_AFTER: Record<RequestAuditStep, RequestState> = {
  create: 'pending',
  change: 'pending',
  approve: 'approved',
  'approve-narrowed': 'approved-narrowed',
  deny: 'denied',
  expire: 'expired',
  withdraw: 'withdrawn',
  mint: 'minted',
};

describe('request step notices', () => {
  it('carry the request link and no token value; the team hears of reviews to do, the requester of the answers', () => {
    fc.assert(
      fc.property(
        requestForm(),
        tokenValue,
        fc.constantFrom(...STEPS),
        fc.option(fc.emailAddress(), { nil: undefined }),
        fc.uuid(),
        (form, value, step, email, id) => {
          const after: AccessRequest = {
            id,
            state: STATE_AFTER[step],
            version: 3,
            form: { ...form, description: `${form.description} ${value}` },
            justification: `needs ${value}`,
            requester: { id: 'local:ana', name: 'Ana', ...(email ? { email } : {}), role: 'creator' },
            reviewer: { id: 'local:bo', name: 'Bo', role: 'admin' },
            reviewNote: `use ${value} instead`,
            createdAt: new Date(0),
            updatedAt: new Date(0),
          };
          const before: AccessRequest = { ...after, state: 'pending', version: 2 };
          const notice = requestStepNotice(step, after, CONSOLE, before);
          if (step === 'withdraw' || step === 'mint') return notice === undefined;
          expect(notice).toBeDefined();
          const all = JSON.stringify(notice);
          expect(all).not.toContain(value.slice(0, 40));
          const link = `https://tokens.acme.com/console/requests/${id}`;
          expect(notice!.message.text).toContain(link);
          expect(notice!.message.json.event.url).toBe(link);
          expect(notice!.audience).toEqual(
            step === 'create' || step === 'change' ? { kind: 'team' } : { kind: 'person', ...(email ? { email } : {}) },
          );
          // One key per step of one version: recording it again is a no-op, a later step is news.
          expect(notice!.key).toBe(`request:${id}:3:${notice!.kind}`);
          return true;
        },
      ),
    );
  });

  it('a deny reason and a narrowing note reach the requester; an expiry says what expired', () => {
    const base: AccessRequest = {
      id: '00000000-0000-4000-8000-000000000001',
      state: 'denied',
      version: 2,
      form: {
        connectionId: 'default',
        orgID: '0123456789abcdef',
        description: 'edge-01',
        owner: { kind: 'console' },
        grants: [{ type: 'buckets', action: 'read', scope: { kind: 'all' } }],
        lifetime: { kind: 'never' },
      },
      justification: 'x',
      requester: { id: 'local:ana', role: 'creator' },
      reviewer: { id: 'local:bo', name: 'Bo', role: 'admin' },
      reviewNote: 'use the shared token',
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
    expect(requestStepNotice('deny', base, CONSOLE)!.message.text).toContain(
      'Bo denied your request for the InfluxDB token "edge-01": use the shared token.',
    );
    const pending = { ...base, state: 'pending' as const };
    expect(requestStepNotice('expire', { ...base, state: 'expired' }, CONSOLE, pending)!.message.text).toContain(
      'nobody reviewed it in time',
    );
    const approved = { ...base, state: 'approved' as const };
    expect(requestStepNotice('expire', { ...base, state: 'expired' }, CONSOLE, approved)!.message.text).toContain(
      'the token was not created within the mint window',
    );
  });
});
