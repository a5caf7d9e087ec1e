// fast-check generators for access requests, shared by the property tests.
import fc from 'fast-check';
import { choice } from '@/lib/lifetimes/arbitraries';
import { formGrant, influxId } from '@/lib/permissions/arbitraries';
import { normaliseGrants } from '@/lib/permissions/model';
import type { Owner } from '@/lib/permissions/token-form-schema';
import type { RequestForm } from './model';

export const owner = (): fc.Arbitrary<Owner> =>
  fc.oneof(
    fc.constant({ kind: 'console' as const }),
    fc.record({ kind: fc.constant('existing' as const), userID: influxId() }),
    fc.record({ kind: fc.constant('new' as const), name: fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/) }),
  );

/** Forms as the schema returns them (grants normalised). */
export const requestForm = (): fc.Arbitrary<RequestForm> =>
  fc.record({
    connectionId: fc.constantFrom('default', 'eu-prod', 'us-east'),
    orgID: influxId(),
    description: fc.stringMatching(/^[a-z][a-z0-9 ]{0,20}[a-z0-9]$/),
    owner: owner(),
    grants: fc.array(formGrant(), { minLength: 1, maxLength: 6 }).map(normaliseGrants),
    lifetime: choice(),
  });
