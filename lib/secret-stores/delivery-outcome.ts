// What the person is told after a token was minted for delivery to a store, and what they may do
// next. Pure: the mint action (a later round) passes in what happened and renders the answer.
//
// A write can fail after InfluxDB already created the token. Nothing may be lost and nothing left
// unexplained, so the person always gets the choice, in words: write again, see the value once
// (and put it in the store by hand), or delete the token. Which one is suggested depends on the
// fault: a store that may come back (down, sealed, a concurrent write) suggests writing again; a
// fault that needs someone to change the store's setup suggests deleting the token, so nothing is
// left half-done. Showing the value is never the suggestion: the copy by hand is the moment the
// store delivery exists to avoid.
import type { StoreProblem, StoreProblemCode } from './store-problems';
import { describeStoreProblem } from './store-problems';
import type { SecretStore } from './store-config';

export type DeliveryChoice = 'retry-write' | 'show-once' | 'delete-token';

export type DeliveryInput = {
  store: Pick<SecretStore, 'label' | 'address' | 'mount' | 'pathPrefix' | 'auth'>;
  /** The secret's path under the mount, e.g. influx/edge-01. */
  path: string;
  key: string;
  /** The token's description, so the words name the token the person just made. */
  tokenDescription: string;
  /** How many writes were tried so far (1 after the first). */
  attempts: number;
  /**
   * Until when the console keeps the value for a retry or a single showing (ISO time), or null
   * once it no longer has it (shown already, expired, or the console restarted).
   */
  valueHeldUntil: string | null;
  now: number;
  result: { ok: true; version: number } | { ok: false; problem: StoreProblem };
};

export type DeliveryOffer = { choice: DeliveryChoice; label: string; explanation: string; suggested: boolean };

export type DeliveryOutcome =
  | { kind: 'delivered'; headline: string; detail: string }
  | { kind: 'half-done'; headline: string; problem: string; detail: string; offers: DeliveryOffer[] };

/** Faults that can pass without anyone changing the store's setup: writing again may work. */
const MAY_PASS: ReadonlySet<StoreProblemCode> = new Set(['unreachable', 'sealed', 'cas-mismatch', 'unexpected']);

export function retryMayHelp(problem: StoreProblem): boolean {
  if (problem.code === 'unexpected') return problem.status >= 500 || problem.status === 429;
  return MAY_PASS.has(problem.code);
}

export function deliveryOutcome(input: DeliveryInput): DeliveryOutcome {
  const { store, path, key, result } = input;
  const where = `${store.mount}/${path}`;
  if (result.ok) {
    return {
      kind: 'delivered',
      headline: `Delivered to “${store.label}”: ${where}, version ${result.version}.`,
      detail: `The value is under the key “${key}”. The console did not show it and does not keep it; readers of ${where} get it from the store.`,
    };
  }

  const problem = describeStoreProblem(store, result.problem);
  const headline = `The token “${input.tokenDescription}” was created in InfluxDB, but it was not written to “${store.label}”.`;
  const deleteOffer = (suggested: boolean): DeliveryOffer => ({
    choice: 'delete-token',
    label: 'Delete the token',
    explanation: 'It stops working at once and nothing of it remains. Mint again once the store works.',
    suggested,
  });

  const heldUntil = input.valueHeldUntil === null ? NaN : Date.parse(input.valueHeldUntil);
  if (!(heldUntil > input.now)) {
    return {
      kind: 'half-done',
      headline,
      problem,
      detail:
        'The console no longer holds the value, so it can be neither written nor shown. The token still works in InfluxDB: delete it, and mint a new one when the store works.',
      offers: [deleteOffer(true)],
    };
  }

  const mayPass = retryMayHelp(result.problem);
  const tries = input.attempts > 1 ? ` (tried ${input.attempts} times)` : '';
  const retry: DeliveryOffer = {
    choice: 'retry-write',
    label: `Write again to ${where}`,
    explanation: mayPass
      ? retryWords(result.problem)
      : 'Only helps once the store’s setup is fixed (see above); until then the write fails the same way.',
    suggested: mayPass,
  };
  const showOnce: DeliveryOffer = {
    choice: 'show-once',
    label: 'Show the value once',
    explanation: `Put it into ${where} (key “${key}”) yourself. The console forgets it when you close the dialog; the token stays as it is.`,
    suggested: false,
  };
  return {
    kind: 'half-done',
    headline,
    problem: problem + tries,
    detail: `Nothing is lost: the console holds the value until ${hhmm(heldUntil)} UTC and has not shown it to anyone. Choose what happens to the token.`,
    offers: [retry, showOnce, deleteOffer(!mayPass)],
  };
}

function retryWords(problem: StoreProblem): string {
  switch (problem.code) {
    case 'cas-mismatch':
      return 'Someone wrote to the path at the same moment; writing again adds the token as the next version on top.';
    case 'sealed':
      return 'Works once an operator has unsealed the store.';
    default:
      return 'The store may answer now; writing again adds the token as a new version of the path.';
  }
}

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
