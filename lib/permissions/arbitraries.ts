// fast-check generators for the permission model, shared by the property tests.
import fc from 'fast-check';
import type { Grant } from './model';
import { OSS_RESOURCE_TYPES } from './resource-types';

export const KNOWN_TYPES = OSS_RESOURCE_TYPES;

export const influxId = () => fc.stringMatching(/^[0-9a-f]{16}$/);
export const typeName = () =>
  fc.oneof(
    fc.constantFrom(...KNOWN_TYPES),
    fc.stringMatching(/^[a-zA-Z]{2,12}$/).filter((t) => t !== 'instance'),
  );
export const action = () => fc.constantFrom('read' as const, 'write' as const);
export const itemRef = () => fc.record({ id: influxId(), name: fc.string({ maxLength: 20 }) }, { requiredKeys: ['id'] });

/** Any grant the model accepts (including ones the form schema refuses). */
export const anyGrant = (): fc.Arbitrary<Grant> =>
  fc.record({
    type: typeName(),
    action: action(),
    scope: fc.oneof(
      fc.constant({ kind: 'all' as const }),
      fc.constant({ kind: 'owner' as const }),
      fc.record({ kind: fc.constant('items' as const), items: fc.array(itemRef(), { minLength: 1, maxLength: 4 }) }),
    ),
  });

/** Grants the builder can produce: the form schema's scope rules hold. */
export const formGrant = (): fc.Arbitrary<Grant> =>
  fc.oneof(
    fc.record({ type: fc.constant('orgs'), action: action(), scope: fc.constant({ kind: 'all' as const }) }),
    fc.record({ type: fc.constant('users'), action: action(), scope: fc.constant({ kind: 'owner' as const }) }),
    fc.record({
      type: fc.constantFrom('buckets', 'telegrafs'),
      action: action(),
      scope: fc.record({ kind: fc.constant('items' as const), items: fc.array(itemRef(), { minLength: 1, maxLength: 4 }) }),
    }),
    fc.record({
      type: typeName().filter((t) => t !== 'orgs' && t !== 'users'),
      action: action(),
      scope: fc.constant({ kind: 'all' as const }),
    }),
  );
