// The owner section and the half-done panel, rendered to HTML as the builder shows them.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OTHER_OWNER_BLOCKED } from '@/lib/influx/judge-capabilities';
import { HalfDonePanel } from './half-done-panel';
import { OwnerSection } from './owner-section';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
const consoleOwner = { id: 'aaaaaaaaaaaaaaaa', name: 'token-console' };
const base = { onMode: () => {}, onOwner: () => {}, consoleOwner };

describe('OwnerSection', () => {
  it('disables "another InfluxDB user" with the explanation and the fix when the credential cannot', () => {
    const html = renderToStaticMarkup(
      createElement(OwnerSection, {
        ...base,
        mode: 'console',
        owner: { kind: 'console' },
        option: { state: 'blocked', reason: 'credential', message: OTHER_OWNER_BLOCKED },
      }),
    );
    expect(html).toMatch(/<input type="radio"[^>]*disabled=""[^>]*aria-describedby="[^"]+-other-why"/);
    expect(text(html)).toContain('The console’s service user: token-console');
    expect(text(html)).toContain(OTHER_OWNER_BLOCKED);
  });

  it('says that a new user will be created, and locks the owner after a half-done attempt', () => {
    const fresh = renderToStaticMarkup(
      createElement(OwnerSection, { ...base, mode: 'other', owner: { kind: 'new', name: 'iot_user_1' }, option: { state: 'available' } }),
    );
    expect(text(fresh)).toContain('New user iot_user_1');
    expect(text(fresh)).toContain('This creates an InfluxDB user named iot_user_1 when you create the token');
    const locked = renderToStaticMarkup(
      createElement(OwnerSection, {
        ...base,
        mode: 'other',
        owner: { kind: 'existing', userID: 'bbbbbbbbbbbbbbbb', name: 'iot_user_1' },
        option: { state: 'available' },
        createdUserName: 'iot_user_1',
      }),
    );
    expect(text(locked)).toContain('iot_user_1 was created in InfluxDB by this attempt and owns no token yet');
    expect((locked.match(/disabled=""/g) ?? []).length).toBe(2); // the console radio and "Change"
  });
});

describe('HalfDonePanel', () => {
  const halfDone = {
    operationId: '3f1f0c7e-8a0e-4b39-9d0c-5f7b7c1e2a10',
    user: { id: 'bbbbbbbbbbbbbbbb', name: 'iot_user_1' },
    canRetry: true,
  };
  const props = {
    message: 'InfluxDB user iot_user_1 was created, but the token was not.',
    retrying: false,
    onRetry: () => {},
    deleteUser: async () => ({ ok: false as const, code: 'internal' as const, formError: '' }),
    onDeleted: () => {},
  };

  it('offers retry and delete, naming the user', () => {
    const html = renderToStaticMarkup(createElement(HalfDonePanel, { ...props, halfDone }));
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain('Retry the token for iot_user_1');
    expect(text(html)).toContain('Delete user iot_user_1');
    expect(text(html)).toContain('bbbbbbbbbbbbbbbb');
  });

  it('offers only delete when the token’s outcome is unknown', () => {
    const html = renderToStaticMarkup(createElement(HalfDonePanel, { ...props, halfDone: { ...halfDone, canRetry: false } }));
    expect(text(html)).not.toContain('Retry');
    expect(text(html)).toContain('Delete user iot_user_1');
  });
});
