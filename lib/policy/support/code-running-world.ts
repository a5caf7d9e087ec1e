// What the code-running integration tests share: a local HTTP receiver that stands in for "a URL
// of the token holder's choosing", org users with a given membership, tokens minted for them by
// the operator, and reads of what influxd then did (bucket rows, task runs), with bounded
// condition-based waits instead of sleeps.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { influxFetch, type InfluxInstance, type Permission } from '../../../scripts/influxd/harness';

export type Received = {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: string;
  raw: Buffer;
};
type Reply = { status: number; contentType?: string; body?: string };

export type Receiver = {
  /** Base URL on 127.0.0.1 (never a routable address). */
  url: string;
  requests: Received[];
  close(): Promise<void>;
};

/** Starts an HTTP server on 127.0.0.1 that records every request; `reply` decides the answer (204 by default). */
export async function startReceiver(reply: (r: Received) => Reply = () => ({ status: 204 })): Promise<Receiver> {
  const requests: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks);
      const r: Received = {
        method: req.method ?? '',
        path: u.pathname,
        query: u.searchParams,
        authorization: req.headers.authorization,
        body: raw.toString('utf8'),
        raw,
      };
      requests.push(r);
      const out = reply(r);
      res.writeHead(out.status, out.contentType ? { 'Content-Type': out.contentType } : {});
      res.end(out.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs` with `what`
 * and the last observation, so a failure says what never happened.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export type Call = { status: number; body: any };

export async function call(inst: Pick<InfluxInstance, 'url'>, token: string, method: string, path: string, body?: unknown): Promise<Call> {
  const res = await influxFetch(inst, token, path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed };
}

/** The operator's view, for setup and for reading back what influxd did. */
export const operatorCall = (inst: InfluxInstance, method: string, path: string, body?: unknown) =>
  call(inst, inst.operatorToken, method, path, body);

async function mustOperator(
  inst: InfluxInstance,
  method: string,
  path: string,
  body: unknown,
  expected: number,
): Promise<Record<string, unknown>> {
  const r = await operatorCall(inst, method, path, body);
  if (r.status !== expected) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export type OrgRole = 'member' | 'owner' | 'none';

/** Creates a user (POST /users, which adds no membership) and then makes it a member or owner of the org. */
export async function createOrgUser(inst: InfluxInstance, name: string, role: OrgRole): Promise<string> {
  const user = await mustOperator(inst, 'POST', '/api/v2/users', { name, status: 'active' }, 201);
  if (role !== 'none') await mustOperator(inst, 'POST', `/api/v2/orgs/${inst.orgID}/${role}s`, { id: user.id }, 201);
  return user.id as string;
}

/** A token owned by `userID` holding exactly `permissions`, minted with the operator token. The value stays in memory only. */
export async function mintFor(
  inst: InfluxInstance,
  userID: string,
  permissions: Permission[],
  description = 'code-running probe',
): Promise<string> {
  const auth = await mustOperator(inst, 'POST', '/api/v2/authorizations', { orgID: inst.orgID, userID, description, permissions }, 201);
  return auth.token as string;
}

/** `read`/`write` on a type across the org, or on one resource when `id` is given. */
export const grant = (inst: Pick<InfluxInstance, 'orgID'>, action: 'read' | 'write', type: string, id?: string): Permission => ({
  action,
  resource: id ? { type, id, orgID: inst.orgID } : { type, orgID: inst.orgID },
});

export async function createBucket(inst: InfluxInstance, name: string): Promise<string> {
  return (await mustOperator(inst, 'POST', '/api/v2/buckets', { orgID: inst.orgID, name, retentionRules: [] }, 201)).id as string;
}

/** Runs Flux as the operator and returns the rows (header-keyed records) of the CSV answer. */
export async function operatorRows(inst: InfluxInstance, flux: string): Promise<Array<Record<string, string>>> {
  const res = await influxFetch(inst, inst.operatorToken, `/api/v2/query?orgID=${inst.orgID}`, {
    method: 'POST',
    headers: { Accept: 'application/csv' },
    body: JSON.stringify({ query: flux, type: 'flux', dialect: { annotations: [], header: true } }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`query -> ${res.status} ${text}`);
  const rows: Array<Record<string, string>> = [];
  let header: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      header = undefined; // a blank line ends a table; the next line is a new header
      continue;
    }
    const cells = line.split(',');
    if (!header) header = cells;
    else rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  }
  return rows;
}

/** Every row of `bucket` in the last hour, as the operator sees it. */
export const bucketRows = (inst: InfluxInstance, bucket: string) =>
  operatorRows(inst, `from(bucket: ${JSON.stringify(bucket)}) |> range(start: -1h)`);

export type RunOutcome = { status: 'success' | 'failed' | 'canceled'; log: string[] };

const FINISHED = ['success', 'failed', 'canceled'];

/**
 * influxd marks a run finished before it appends the run's error to the log, so a finished run
 * is read back only once its log is complete: "Completed(<status>)", and after it the error of a
 * failed run.
 */
function logComplete(status: string, log: string[]): boolean {
  const at = log.findIndex((m) => m === `Completed(${status})`);
  return at >= 0 && (status !== 'failed' || log.length > at + 1);
}

async function finishedRun(
  inst: InfluxInstance,
  token: string,
  taskID: string,
  runID: string,
  status: string,
): Promise<RunOutcome | undefined> {
  if (!FINISHED.includes(status)) return undefined;
  const logs = await call(inst, token, 'GET', `/api/v2/tasks/${taskID}/runs/${runID}/logs`);
  const log: string[] = (logs.body?.events ?? []).map((e: { message: string }) => e.message);
  return logComplete(status, log) ? { status: status as RunOutcome['status'], log } : undefined;
}

/** Waits for one run of a task to finish (read with `token`) and returns its status and log messages. */
export function waitForRun(inst: InfluxInstance, token: string, taskID: string, runID: string, timeoutMs = 30_000): Promise<RunOutcome> {
  return waitUntil(
    `run ${runID} of task ${taskID} to finish`,
    async () =>
      finishedRun(inst, token, taskID, runID, (await call(inst, token, 'GET', `/api/v2/tasks/${taskID}/runs/${runID}`)).body?.status),
    timeoutMs,
  );
}

/** The finished runs influxd made of a task so far (newest first), as the operator sees them, with their logs. */
export async function taskRuns(inst: InfluxInstance, taskID: string): Promise<RunOutcome[]> {
  const runs = await operatorCall(inst, 'GET', `/api/v2/tasks/${taskID}/runs?limit=20`);
  const out: RunOutcome[] = [];
  for (const run of runs.body?.runs ?? []) {
    const finished = await finishedRun(inst, inst.operatorToken, taskID, run.id, run.status);
    if (finished) out.push(finished);
  }
  return out;
}
