import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketAccessOf, describeV1Permissions, toV1Permissions } from './permissions';

const ORG = '0123456789abcdef';
const id = fc.stringMatching(/^[0-9a-f]{16}$/);

describe('toV1Permissions and bucketAccessOf', () => {
  it('round-trip: the buckets read and written come back as chosen, each once', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 8 }), fc.array(id, { maxLength: 8 }), (read, write) => {
        const back = bucketAccessOf(toV1Permissions({ read, write }, ORG));
        expect(back).toEqual({ read: [...new Set(read)], write: [...new Set(write)] });
      }),
    );
  });

  it('sends what the CLI sends: {type: buckets, id, orgID} per action, read first', () => {
    expect(toV1Permissions({ read: ['a000000000000001'], write: ['a000000000000001', 'a000000000000001'] }, ORG)).toEqual([
      { action: 'read', resource: { type: 'buckets', id: 'a000000000000001', orgID: ORG } },
      { action: 'write', resource: { type: 'buckets', id: 'a000000000000001', orgID: ORG } },
    ]);
  });

  it('every permission is bucket-scoped by id in the org: nothing type-wide, nothing else', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 5 }), fc.array(id, { maxLength: 5 }), (read, write) => {
        for (const p of toV1Permissions({ read, write }, ORG)) {
          expect(p.resource.type).toBe('buckets');
          expect(p.resource.id).toMatch(/^[0-9a-f]{16}$/);
          expect(p.resource.orgID).toBe(ORG);
        }
      }),
    );
  });
});

describe('describeV1Permissions', () => {
  it('one line per bucket, by the name InfluxDB gives, and a deleted bucket by id', () => {
    expect(
      describeV1Permissions([
        { action: 'read', resource: { type: 'buckets', id: 'a000000000000001', orgID: ORG, name: 'telemetry' } },
        { action: 'write', resource: { type: 'buckets', id: 'a000000000000001', orgID: ORG, name: 'telemetry' } },
        { action: 'read', resource: { type: 'buckets', id: 'b000000000000002', orgID: ORG, name: 'logs' } },
        { action: 'write', resource: { type: 'buckets', id: 'c000000000000003', orgID: ORG } },
      ]).map((l) => l.text),
    ).toEqual(['Read and write bucket telemetry', 'Read bucket logs', 'Write bucket c000000000000003 (deleted)']);
  });

  it('what a credential made elsewhere may hold besides single buckets is shown, marked as no effect', () => {
    expect(
      describeV1Permissions([
        { action: 'read', resource: { type: 'buckets', orgID: ORG } },
        { action: 'read', resource: { type: 'dashboards', orgID: ORG } },
      ]),
    ).toEqual([
      { text: 'Read every bucket of the org (no effect on /query or /write)', noEffect: true },
      { text: 'Read dashboards (no effect on /query or /write)', noEffect: true },
    ]);
  });
});
