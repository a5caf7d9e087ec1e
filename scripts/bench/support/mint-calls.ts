// The calls the mint benchmarks share (mint.ts, mint-profile.ts, all.ts): sign in as the creator,
// mint through the createToken server action over HTTP, create the same token straight through
// POST /api/v2/authorizations, and the framework's floor (the cheapest action through the same
// wrapper, and a plain route handler). Plus the few statistics they print.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { TEST_USERS } from '../../../e2e/support/console-server';
import { actionId, callAction } from '../../../e2e/support/console-http';
import { signIn } from '../../../e2e/support/sign-in';
import { influxFetch, type InfluxInstance } from '../../influxd/harness';
import { createBuckets } from '../../influxd/operator';

export const sortedCopy = (xs: number[]) => [...xs].sort((a, b) => a - b);
export const quantile = (xs: number[], p: number) => {
  const s = sortedCopy(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};
export const median = (xs: number[]) => quantile(xs, 0.5);

export interface MintCall {
  ms: number;
  ok: boolean;
  words?: string;
}

export interface MintCalls {
  /** A new mint form (the createToken action's input): read one bucket, write another. */
  form: () => Record<string, unknown>;
  /** A new session of the creator (Cookie header). */
  signInCreator: () => Promise<string>;
  /** One mint through the console's server action; `ok` false with the refusal's words. */
  mint: (cookie: string) => Promise<MintCall>;
  /** As mint, but a failure throws; the time in ms. */
  mintOk: (cookie: string) => Promise<number>;
  /** The same token created straight through InfluxDB's API; the time in ms. */
  direct: () => Promise<number>;
  /** As direct, sent to `origin` instead (a proxy in front of the same influxd). */
  createThrough: (origin: string) => () => Promise<number>;
  /**
   * The framework's floor: listTokens (the cheapest action: a read, no audit row) with an input its
   * schema refuses, so the call goes through Next.js's action dispatch and the whole wrapper
   * (origin, session, policy, parse) and stops before any database or InfluxDB work.
   */
  floorAction: (cookie: string) => Promise<number>;
  /** The floor of a route handler: GET /api/health/live (no session, no upstream). */
  floorRoute: () => Promise<number>;
}

/** Two buckets to grant read and write on, and the calls; `label` starts each description. */
export async function mintCalls(inst: InfluxInstance, baseURL: string, label = 'bench'): Promise<MintCalls> {
  // Looked up at the first call: the ids come from the build, which a run of direct creates only
  // (bench:ceiling) does not need.
  const once = (f: () => string) => {
    let v: string | undefined;
    return () => (v ??= f());
  };
  const mintID = once(() => actionId('createToken', 'app/(console)/tokens/new/actions.ts'));
  const listID = once(() => actionId('listTokens', 'app/(console)/tokens/actions.ts'));
  const bucketIds = await createBuckets(inst, [`${label}-read`, `${label}-write`]);
  const read = bucketIds.get(`${label}-read`)!;
  const write = bucketIds.get(`${label}-write`)!;
  const grants = [
    { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: read }] } },
    { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: write }] } },
  ];
  const permissions = [
    { action: 'read', resource: { type: 'buckets', id: read, orgID: inst.orgID } },
    { action: 'write', resource: { type: 'buckets', id: write, orgID: inst.orgID } },
  ];
  let n = 0;
  const createThrough = (origin: string) => async () => {
    const t0 = performance.now();
    const res = await influxFetch({ url: origin }, inst.consoleToken, '/api/v2/authorizations', {
      method: 'POST',
      body: JSON.stringify({
        orgID: inst.orgID,
        userID: inst.consoleUserID,
        description: `${label} direct ${n++}`,
        status: 'active',
        permissions,
      }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`direct create failed: ${res.status}`);
    return performance.now() - t0;
  };

  const form = () => ({
    formKey: crypto.randomUUID(),
    orgID: inst.orgID,
    description: `${label} console ${n++}`,
    status: 'active',
    owner: { kind: 'console' },
    grants,
    confirmSensitive: false,
  });

  const mint = async (cookie: string): Promise<MintCall> => {
    const t0 = performance.now();
    const r = await callAction<{ ok: boolean; formError?: string }>(baseURL, '/tokens/new', mintID(), [form()], { cookie });
    const ms = performance.now() - t0;
    return { ms, ok: r.result?.ok === true, ...(r.result?.ok ? {} : { words: r.result?.formError ?? r.raw.slice(0, 200) }) };
  };

  return {
    form,
    signInCreator: () => signIn(baseURL, TEST_USERS.creator.username, TEST_USERS.creator.password),
    mint,
    mintOk: async (cookie) => {
      const r = await mint(cookie);
      if (!r.ok) throw new Error(`console mint failed: ${r.words ?? 'no result'}`);
      return r.ms;
    },
    direct: createThrough(inst.url),
    createThrough,
    floorAction: async (cookie) => {
      const t0 = performance.now();
      const r = await callAction<{ ok: boolean; code?: string }>(baseURL, '/tokens', listID(), [{ refresh: 'not a boolean' }], { cookie });
      const ms = performance.now() - t0;
      if (r.result?.ok !== false || r.result.code !== 'invalid-input')
        throw new Error(`floor action: unexpected answer ${r.raw.slice(0, 200)}`);
      return ms;
    },
    floorRoute: async () => {
      const t0 = performance.now();
      const res = await fetch(`${baseURL}/api/health/live`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`/api/health/live answered ${res.status}`);
      return performance.now() - t0;
    },
  };
}

/**
 * `reps` rounds of every call in `calls`, after `warmup` rounds; the order rotates each round so
 * drift and caches favour none. The times per call, by name.
 */
export async function interleaved<K extends string>(
  calls: Record<K, () => Promise<number>>,
  reps: number,
  warmup: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(calls) as K[];
  for (let i = 0; i < warmup; i++) for (const k of names) await calls[k]();
  const out = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < reps; i++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(i + j) % names.length]!;
      out[k].push(await calls[k]());
    }
  }
  return out;
}

/** `n` calls at once: throughput (calls/s over the whole burst) and the p95 of their times. */
export async function burst(n: number, one: (i: number) => Promise<number>): Promise<{ perSecond: number; p95: number; median: number }> {
  const t0 = performance.now();
  const times = await Promise.all(Array.from({ length: n }, (_, i) => one(i)));
  return { perSecond: n / ((performance.now() - t0) / 1000), p95: quantile(times, 0.95), median: median(times) };
}

/**
 * CPU time (user + system, ms) a process and its children have used so far, from /proc (Linux).
 * `next start` serves from a child of the process it was started as. On a shared machine this
 * moves far less than latency does, so the before/after pairs compare it.
 */
export function cpuMs(pid: number): number {
  const ticksToMs = 10; // USER_HZ is 100 on Linux
  let total = 0;
  const visit = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * ticksToMs;
      for (const child of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) visit(Number(child));
    } catch {
      // gone meanwhile
    }
  };
  visit(pid);
  return total;
}

/** CPU ms that `pid` (with children) used per call of `n` calls made by `run`. */
export async function cpuPerCall(pid: number, n: number, run: () => Promise<unknown>): Promise<number> {
  const before = cpuMs(pid);
  await run();
  return (cpuMs(pid) - before) / n;
}

/**
 * InfluxDB's own count of the requests it has answered (`http_api_requests_total` from /metrics),
 * by "METHOD path status user-agent", so a run can say exactly which calls a mint made upstream.
 */
export async function upstreamRequests(inst: Pick<InfluxInstance, 'url'>): Promise<Map<string, number>> {
  const text = await (await fetch(`${inst.url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('http_api_requests_total{')) continue;
    const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const key = `${labels.method} ${labels.path} ${labels.response_code} ${(labels.user_agent ?? '').split('/')[0]}`;
    out.set(key, (out.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return out;
}

/** The requests answered between two `upstreamRequests` snapshots, per call of `n`, as lines. */
export function requestsPerCall(before: Map<string, number>, after: Map<string, number>, n: number): string[] {
  return [...after]
    .map(([k, v]) => [k, (v - (before.get(k) ?? 0)) / n] as const)
    .filter(([k, v]) => v > 0 && !k.includes('/metrics'))
    .map(([k, v]) => `${v.toFixed(2).padStart(6)} × ${k}`);
}

/**
 * TCP connections to `port` opened from this machine so far that are now closed (TIME-WAIT on the
 * side that closed first): a count that grows per call means a new connection per call.
 */
export function closedConnections(port: number): number {
  const out = spawnSync('ss', ['-tan', 'state', 'time-wait', `( dport = :${port} or sport = :${port} )`], { encoding: 'utf8' });
  return out.stdout.trim().split('\n').length - 1;
}
