// The readiness answer load balancers poll. They wait 1-5 s and then count the instance as down,
// so the answer must arrive within about 2 s whatever happens upstream (InfluxDB paused, a
// database lock, a black-holed network). Three rules keep it there:
// - a result is reused while it is at most `maxAgeMs` old, so a burst of polls makes one check;
// - a check already running is shared, never started again per request;
// - each upstream check runs under its own `budgetMs`: when it has not answered by then it counts
//   as failed, whatever the upstream call itself is still doing.
// Pure: no Next.js, no I/O of its own; the checks are handed in.

export interface CheckResult {
  ok: boolean;
  /** Why it failed, in words (shown to signed-in people only). */
  problem?: string;
  /** Facts found on the way (versions), shown to signed-in people only. */
  info?: Record<string, string>;
}

export type Check = () => Promise<CheckResult> | CheckResult;

export interface Readiness {
  ok: boolean;
  checks: Record<string, CheckResult>;
  /** When the checks finished (ms since the epoch). */
  checkedAt: number;
}

export interface ProbeOptions {
  checks: Record<string, Check>;
  budgetMs: number;
  maxAgeMs: number;
  /** Whether these results make the instance ready; absent: every check passed. */
  ready?: (checks: Record<string, CheckResult>) => boolean;
  now?: () => number;
}

export interface ReadinessProbe {
  read(): Promise<Readiness>;
}

/** Runs one check and settles within `budgetMs`: a late or thrown answer is a failed check. */
export async function checkWithin(check: Check, budgetMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, problem: `no answer within ${budgetMs} ms` }), budgetMs);
  });
  const failed = (error: unknown): CheckResult => ({ ok: false, problem: error instanceof Error ? error.message : String(error) });
  let answer: Promise<CheckResult>;
  try {
    answer = Promise.resolve(check()).catch(failed);
  } catch (error) {
    answer = Promise.resolve(failed(error));
  }
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createReadinessProbe(options: ProbeOptions): ReadinessProbe {
  const now = options.now ?? Date.now;
  let last: Readiness | undefined;
  let inFlight: Promise<Readiness> | undefined;

  const run = async (): Promise<Readiness> => {
    const names = Object.keys(options.checks);
    const results = await Promise.all(names.map((name) => checkWithin(options.checks[name]!, options.budgetMs)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
    const ok = options.ready ? options.ready(checks) : results.every((r) => r.ok);
    return { ok, checks, checkedAt: now() };
  };

  return {
    read() {
      if (last && now() - last.checkedAt <= options.maxAgeMs) return Promise.resolve(last);
      inFlight ??= run()
        .then((result) => (last = result))
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
  };
}
