// Makes many tokens through the API (InfluxDB has no bulk create), a bounded number at a time.
import { createToken, type OperatorTarget } from '../../influxd/operator';

/**
 * Creates `count` read-the-org tokens described `${prefix} ${i}` (i from `from`, default 0);
 * returns how long it took (ms).
 */
export async function createManyTokens(
  inst: OperatorTarget,
  count: number,
  o: { prefix: string; from?: number; concurrency?: number; onProgress?: (done: number) => void },
): Promise<number> {
  const t0 = performance.now();
  const first = o.from ?? 0;
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      await createToken(inst, {
        description: `${o.prefix} ${first + i}`,
        permissions: [{ action: 'read', resource: { type: 'orgs', id: inst.orgID } }],
      });
      if (++done % 5000 === 0) o.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 16 }, worker));
  return performance.now() - t0;
}
