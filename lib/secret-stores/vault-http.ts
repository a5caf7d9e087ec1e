import 'server-only';
// One Vault API call over fetch. Bodies stay inside this module's callers: nothing here logs, and
// a failure carries only the status and Vault's own error strings (which never echo a value).

export type VaultAnswer = { kind: 'answer'; status: number; body: Record<string, unknown>; errors: string[] };
export type VaultUnreachable = { kind: 'unreachable'; reason: string };

export type VaultCall = {
  method: 'GET' | 'POST' | 'PUT' | 'LIST';
  path: string;
  token?: string;
  body?: unknown;
  /** e.g. X-Vault-Wrap-TTL. */
  headers?: Record<string, string>;
};

export type VaultTransport = { address: string; fetch?: typeof fetch; timeoutMs?: number };

export async function vaultCall(t: VaultTransport, call: VaultCall): Promise<VaultAnswer | VaultUnreachable> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers['X-Vault-Token'] = call.token;
  if (call.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await (t.fetch ?? fetch)(`${t.address}/v1/${call.path}`, {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(t.timeoutMs ?? 10_000),
      redirect: 'manual',
    });
  } catch (error) {
    return { kind: 'unreachable', reason: networkReason(error) };
  }
  const text = await res.text().catch(() => '');
  let body: Record<string, unknown> = {};
  let parsed = text === '';
  try {
    if (text) {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        body = json as Record<string, unknown>;
        parsed = true;
      }
    }
  } catch {
    /* not JSON: not a Vault API, reported below */
  }
  if (!parsed) return { kind: 'unreachable', reason: `it answered HTTP ${res.status}, but not with the Vault API's JSON` };
  const errors = Array.isArray(body.errors) ? body.errors.filter((e): e is string => typeof e === 'string').map(cleanError) : [];
  return { kind: 'answer', status: res.status, body, errors };
}

/** Vault wraps single errors as "1 error occurred:\n\t* permission denied\n\n". */
function cleanError(e: string): string {
  const m = /^\d+ errors? occurred:\s*\*\s*([\s\S]*?)\s*$/.exec(e);
  return (m ? m[1]! : e).replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Redirects are never followed: the token would travel to wherever they point. */
export function redirectReason(status: number): string {
  return `it redirected elsewhere (HTTP ${status}, e.g. a standby node); use the active node's or the load balancer's address`;
}

function networkReason(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'it did not answer in time';
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'the connection was refused (nothing listens there)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code && /CERT|SSL|TLS/i.test(code)) return `its TLS certificate was not accepted (${code})`;
  return code ? `the connection failed (${code})` : 'the connection failed';
}
