import { describe, expect, it } from 'vitest';
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { requestAuditEvent, requestRefusalEvent } from './audit-event';
import { applyRequestStep, decideRequestStep, type Actor } from './decide-step';
import type { AccessRequest, RequestForm } from './model';
import { DEFAULT_REQUEST_SETTINGS } from './settings';

const DAY = 86_400_000;
const settings = { ...DEFAULT_REQUEST_SETTINGS, resourceTypes: OSS_RESOURCE_TYPES };
const form: RequestForm = {
  connectionId: 'default',
  orgID: '0123456789abcdef',
  description: 'edge',
  owner: { kind: 'console' },
  grants: [
    { type: 'buckets', action: 'write', scope: { kind: 'all' } },
    { type: 'tasks', action: 'write', scope: { kind: 'all' } },
  ],
  lifetime: { kind: 'duration', ms: 30 * DAY },
};
const t0 = new Date('2026-11-30T10:00:00.000Z');
const request: AccessRequest = {
  id: 'r1',
  state: 'pending',
  form,
  justification: 'why',
  requester: { id: 'ana', role: 'creator' },
  createdAt: t0,
  updatedAt: t0,
  version: 1,
};
const bo: Actor = { kind: 'person', person: { id: 'bo', role: 'admin' } };

describe('request audit events', () => {
  it('a narrowed approval records what changed and the fingerprint approved', () => {
    const narrowed = { ...form, grants: [form.grants[0]!], lifetime: { kind: 'duration' as const, ms: 7 * DAY } };
    const step = { kind: 'approve-narrowed' as const, form: narrowed, note: 'no tasks' };
    expect(decideRequestStep(step, bo, request, t0, settings).allowed).toBe(true);
    const after = applyRequestStep(request, step, bo, t0);
    expect(requestAuditEvent('approve-narrowed', after, request)).toEqual({
      action: 'request.approve',
      outcome: 'success',
      orgID: form.orgID,
      detail: {
        request: 'r1',
        connection: 'default',
        requester: 'ana',
        state: 'approved-narrowed',
        from: 'pending',
        changes: ['removed write on tasks', 'lifetime 30 days → 7 days'],
        fingerprint: after.approvedFingerprint,
        note: 'no tasks',
      },
    });
  });

  it('a mint records the token id; a deny reason is scrubbed of token-like values', () => {
    const minted: AccessRequest = { ...request, state: 'minted', authorizationId: '0a1b2c3d4e5f6a7b' };
    expect(requestAuditEvent('mint', minted, request)).toMatchObject({ action: 'request.mint', authorizationID: '0a1b2c3d4e5f6a7b' });
    const value = `${'A'.repeat(86)}==`;
    const denied = applyRequestStep(request, { kind: 'deny', reason: `use ${value} instead` }, bo, t0);
    const event = requestAuditEvent('deny', denied, request);
    expect(JSON.stringify(event)).not.toContain(value);
    expect(event.detail).toMatchObject({ reason: 'use [redacted] instead' });
  });

  it('a refusal records the reason code and words, and the state it was refused in', () => {
    const self: Actor = { kind: 'person', person: request.requester };
    const d = decideRequestStep({ kind: 'approve' }, self, request, t0, settings);
    expect(d.allowed).toBe(false);
    expect(!d.allowed && requestRefusalEvent('approve', request, d)).toMatchObject({
      action: 'request.approve',
      outcome: 'refused',
      detail: { state: 'pending', reason: 'role' },
    });
  });
});
