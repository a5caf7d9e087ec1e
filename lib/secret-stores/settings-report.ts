import 'server-only';
// Settings' view of the secret stores: each configured store checked (reachable, unsealed, signed
// in, KV v2, may write under its prefix) with what is wrong in words, and the entries of the file
// that were skipped. The checks run side by side; one slow store does not hold up the others
// beyond the timeout.
import { getConfig } from '@/lib/config/server-config';
import { failedRotations } from '@/lib/storage/secret-rotations';
import { configuredStores } from './configured-stores';
import { checkStore } from './store-check';

export interface StoreReport {
  id: string;
  label: string;
  address: string;
  where: string;
  auth: string;
  ok: boolean;
  /** The summary when it works, else what is wrong. */
  message: string;
}

export interface FailingRotation {
  where: string;
  tokenID: string;
  problem: string;
}

export async function secretStoresReport(): Promise<{
  configured: boolean;
  stores: StoreReport[];
  problems: string[];
  failingRotations: FailingRotation[];
}> {
  const file = getConfig().CONSOLE_SECRET_STORES_FILE;
  const { stores, problems } = configuredStores();
  const timeoutMs = Math.min(getConfig().INFLUX_TIMEOUT_MS, 5_000);
  const reports = await Promise.all(
    stores.map(async (s): Promise<StoreReport> => {
      const r = await checkStore(s, { env: process.env, timeoutMs });
      return {
        id: s.id,
        label: s.label,
        address: s.address,
        where: `${s.mount}/${s.pathPrefix}/`,
        auth: s.auth.method === 'approle' ? `AppRole (${s.auth.roleIdEnv}, ${s.auth.secretIdEnv})` : `token (${s.auth.tokenEnv})`,
        ok: r.ok,
        message: r.ok ? r.summary : r.message,
      };
    }),
  );
  // A rotation that stopped says so here until a later run works (the old token stays untouched).
  const failing = await failedRotations().catch(() => []);
  const failingRotations = failing.map((r) => ({
    where: `${stores.find((s) => s.id === r.storeID)?.label ?? r.storeID}: ${r.path}`,
    tokenID: r.authorizationID,
    problem: r.lastProblem ?? 'The last rotation failed.',
  }));
  return { configured: Boolean(file), stores: reports, problems, failingRotations };
}
