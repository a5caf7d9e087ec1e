import 'server-only';
// A token's deliveries for its page: where it was written and the path's current version in the
// store now (someone may have written after the console), or whether a handoff was unwrapped. The
// store is asked live; when it cannot answer, the recorded facts stay and the problem is said.
import { deliveriesOf, markUnwrapped, type SecretDelivery } from '@/lib/storage/secret-deliveries';
import { rotationOfToken } from '@/lib/storage/secret-rotations';
import { logger } from '@/lib/log/logger';
import { configuredStores } from './configured-stores';
import { storeClient } from './console-delivery';
import { describeStoreProblem } from './store-problems';

export interface DeliveryView {
  id: string;
  storeLabel: string;
  kind: SecretDelivery['kind'];
  /** kv: mount/path. */
  where: string | null;
  keyName: string;
  writtenVersion: number | null;
  /** kv: the path's version in the store now; null when it could not be read. */
  currentVersion: number | null;
  /** wrap: waiting, unwrapped, or gone (unwrapped or expired; the store cannot tell). */
  wrapState: 'waiting' | 'unwrapped' | 'gone' | null;
  wrapExpiresAt: string | null;
  deliveredAt: string;
  problem: string | null;
}

export async function tokenDeliveries(authorizationID: string): Promise<DeliveryView[]> {
  let rows: SecretDelivery[];
  try {
    rows = await deliveriesOf(authorizationID);
  } catch (error) {
    logger.error('deliveries unreadable', { error: String(error) });
    return [];
  }
  const stores = configuredStores().stores;
  return Promise.all(
    rows.map(async (d): Promise<DeliveryView> => {
      const store = stores.find((s) => s.id === d.storeID);
      const view: DeliveryView = {
        id: d.id,
        storeLabel: store?.label ?? d.storeID,
        kind: d.kind,
        where: d.path && store ? `${store.mount}/${d.path}` : d.path,
        keyName: d.keyName,
        writtenVersion: d.version,
        currentVersion: null,
        wrapState: d.unwrapped ? 'unwrapped' : null,
        wrapExpiresAt: d.wrapExpiresAt,
        deliveredAt: d.deliveredAt,
        problem: null,
      };
      if (!store) return { ...view, problem: `The store “${d.storeID}” is no longer in the secret stores file.` };
      const client = storeClient(store);
      if (d.kind === 'kv' && d.path) {
        const r = await client.currentVersion(d.path);
        return r.ok ? { ...view, currentVersion: r.version } : { ...view, problem: describeStoreProblem(store, r.problem) };
      }
      if (d.kind === 'wrap' && d.wrapAccessor && d.wrapExpiresAt && !d.unwrapped) {
        const r = await client.wrapStateByAccessor(d.wrapAccessor, d.wrapExpiresAt);
        if (!r.ok) return { ...view, problem: describeStoreProblem(store, r.problem) };
        // The store forgets a used wrapping token: remember that it was unwrapped while it can tell.
        if (r.state === 'unwrapped') await markUnwrapped(d.id).catch(() => undefined);
        return { ...view, wrapState: r.state };
      }
      return view;
    }),
  );
}

export interface RotationView {
  where: string;
  everySeconds: number | null;
  nextDueAt: string | null;
  graceSeconds: number;
  failed: boolean;
  lastProblem: string | null;
  lastRotatedAt: string | null;
}

/** The rotation of the path this token is at now, if the console rotates one. */
export async function tokenRotation(authorizationID: string): Promise<RotationView | null> {
  const r = await rotationOfToken(authorizationID).catch(() => undefined);
  if (!r) return null;
  const store = configuredStores().stores.find((s) => s.id === r.storeID);
  return {
    where: `${store?.mount ?? r.storeID}/${r.path}`,
    everySeconds: r.everySeconds,
    nextDueAt: r.nextDueAt === null ? null : new Date(r.nextDueAt).toISOString(),
    graceSeconds: r.graceSeconds,
    failed: r.state === 'failed',
    lastProblem: r.lastProblem,
    lastRotatedAt: r.lastRotatedAt,
  };
}
