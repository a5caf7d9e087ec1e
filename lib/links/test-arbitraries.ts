// fast-check generators for prefills, shared by the link, template and storage tests.
import fc from 'fast-check';
import { ALL_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { CONTROL, nameSchema, type Prefill, type PrefillGrant } from './prefill';

// Characters that are awkward in URLs and in the grammar itself, plus some non-ASCII.
const tricky = Array.from('ab-_ ./:&=+%#?*,@\'"()[]<>{}|\\^`~!$;éß日本😀');
export const validNameArb = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(...tricky), minLength: 1, maxLength: 24 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }),
    fc.constantFrom('telemetry', 'iot-center', '_monitoring', 'owner', '**', ' lead', 'trail ', 'a/b', 'x=y&z'),
  )
  .filter((s) => nameSchema.safeParse(s).success);

const commonTypes = ALL_RESOURCE_TYPES;
const otherTypeArb = fc
  .oneof(fc.constantFrom(...commonTypes), fc.stringMatching(/^[a-zA-Z]{2,12}$/))
  .filter((t) => t !== 'instance' && t !== 'users' && t !== 'orgs' && t !== 'buckets' && t !== 'telegrafs');
const actionArb = fc.constantFrom('read' as const, 'write' as const);

export const grantArb: fc.Arbitrary<PrefillGrant> = fc.oneof(
  fc.record({
    type: fc.constantFrom('buckets', 'telegrafs'),
    action: actionArb,
    scope: fc.oneof(
      fc.constant({ kind: 'all' as const }),
      fc.record({ kind: fc.constant('items' as const), names: fc.array(validNameArb, { minLength: 1, maxLength: 4 }) }),
    ),
  }),
  fc.record({ type: fc.constant('users'), action: actionArb, scope: fc.constant({ kind: 'owner' as const }) }),
  fc.record({ type: fc.constant('orgs'), action: actionArb, scope: fc.constant({ kind: 'all' as const }) }),
  fc.record({ type: otherTypeArb, action: actionArb, scope: fc.constant({ kind: 'all' as const }) }),
);

const descriptionArb = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(...tricky), minLength: 1, maxLength: 60 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
  )
  .filter((s) => !CONTROL.test(s));

export const prefillArb: fc.Arbitrary<Prefill> = fc.record(
  {
    org: validNameArb,
    description: descriptionArb,
    status: fc.constantFrom('active' as const, 'inactive' as const),
    owner: validNameArb,
    grants: fc.array(grantArb, { maxLength: 12 }),
  },
  { requiredKeys: ['grants'] },
);
