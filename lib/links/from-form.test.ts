import { describe, expect, it } from 'vitest';
import type { Grant } from '@/lib/permissions/model';
import { prefillFromForm } from './from-form';
import { buildShareLink, decodeShareLink } from './share-link';

const id = (n: number) => n.toString(16).padStart(16, '0');

describe('prefillFromForm', () => {
  it('turns a filled form into a link that decodes to the same form, by name', () => {
    const grants: Grant[] = [
      {
        type: 'buckets',
        action: 'write',
        scope: {
          kind: 'items',
          items: [
            { id: id(1), name: 'iot-center' },
            { id: id(2), name: 'a&b' },
          ],
        },
      },
      { type: 'dashboards', action: 'read', scope: { kind: 'all' } },
      { type: 'users', action: 'read', scope: { kind: 'owner' } },
    ];
    const { prefill, leftOut } = prefillFromForm({ orgName: 'acme', description: 'IoT', status: 'active', ownerName: 'svc-iot', grants });
    expect(leftOut).toEqual([]);
    const link = buildShareLink(prefill);
    expect(link.href).toBe(
      '/tokens/new?v=1&d=IoT&s=active&org=acme&owner=svc-iot&p=write:buckets/a%26b&p=write:buckets/iot-center&p=read:dashboards&p=read:users/owner',
    );
    expect(decodeShareLink(link.href).prefill).toEqual(prefill);
  });

  it('lists what a link cannot carry: items without a name, users other than the owner', () => {
    const { prefill, leftOut } = prefillFromForm({
      grants: [
        { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: id(3) }, { id: id(4), name: 'kept' }] } },
        { type: 'users', action: 'write', scope: { kind: 'items', items: [{ id: id(5), name: 'bob' }] } },
      ],
    });
    expect(prefill.grants).toEqual([{ type: 'buckets', action: 'read', scope: { kind: 'items', names: ['kept'] } }]);
    expect(leftOut).toEqual([
      { part: `p=read:buckets/${id(3)}`, reason: 'its name is not known, and links name items, not ids' },
      { part: 'p=write:users/bob', reason: 'a link can name users only as the token’s own user (users/owner)' },
    ]);
  });
});
