// fast-check generators for lifetime policies and choices, shared by the property tests.
import fc from 'fast-check';
import type { LifetimeChoice } from './choice';
import { GRANT_CLASSES, type GrantClass } from './grant-classes';
import type { Lifetime, LifetimePolicy, LifetimeRule } from './policy';

const HOUR = 3_600_000;

/** Whole hours up to two years, or never. */
export const lifetime = (): fc.Arbitrary<Lifetime> =>
  fc.oneof(
    fc.constant(null),
    fc.integer({ min: 1, max: 2 * 365 * 24 }).map((h) => h * HOUR),
  );

export const rule = (): fc.Arbitrary<LifetimeRule> =>
  fc.tuple(lifetime(), lifetime()).map(([a, b]) => {
    // The longer one is the max; a default of never needs a max of never.
    if (a === null) return { default: b, max: a };
    if (b === null) return { default: a, max: b };
    return { default: Math.min(a, b), max: Math.max(a, b) };
  });

const table = () => fc.record({ ordinary: rule(), sensitive: rule(), 'code-running': rule() });

export const policy = (): fc.Arbitrary<LifetimePolicy> =>
  fc.record({ viewer: table(), creator: table(), admin: table() }, { requiredKeys: ['creator', 'admin'] });

export const classes = (): fc.Arbitrary<GrantClass[]> => fc.subarray([...GRANT_CLASSES]);

/** Instants between 2020 and 2040, whole milliseconds. */
export const instant = (): fc.Arbitrary<Date> =>
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t));

/** Choices in their canonical form (what parsing an encoding gives back). */
export const choice = (): fc.Arbitrary<LifetimeChoice> =>
  fc.oneof(
    fc.constant({ kind: 'never' as const }),
    fc
      .tuple(fc.integer({ min: 1, max: 3650 }), fc.constantFrom(1_000, 60_000, HOUR, 24 * HOUR))
      .filter(([n, unit]) => n * unit <= 3650 * 24 * HOUR)
      .map(([n, unit]) => ({ kind: 'duration' as const, ms: n * unit })),
    instant().map((d) => ({ kind: 'date' as const, date: d.toISOString().slice(0, 10) })),
    instant().map((d) => ({ kind: 'instant' as const, at: d.toISOString() })),
  );
