// Readiness for load balancers: can this instance serve (its database and InfluxDB answer)? 200
// or 503 within about 2 s whatever happens upstream (lib/health/readiness.ts). Public, but it says
// only "ok" or "degraded" and which part failed; versions, the InfluxDB URL and the problems in
// words are shown to signed-in people only. /api/health/live is the liveness variant.
import { NextResponse } from 'next/server';
import { getCurrentUser } from '@/lib/auth/session';
import { defaultConnection } from '@/lib/connections/registry';
import { readinessProbe } from '@/lib/health/readiness';
import packageJson from '@/package.json';

export const dynamic = 'force-dynamic';

const state = (ok: boolean | undefined) => (ok ? 'pass' : 'fail');

export async function GET() {
  const readiness = await readinessProbe().read();
  const { database, influxdb } = readiness.checks;
  const body: Record<string, unknown> = {
    status: readiness.ok ? 'ok' : 'degraded',
    console: { status: 'ok' },
    database: { status: state(database?.ok) },
    influxdb: { status: state(influxdb?.ok) },
  };
  const user = await getCurrentUser().catch(() => null);
  if (user) {
    body.checkedAt = new Date(readiness.checkedAt).toISOString();
    body.console = { status: 'ok', version: packageJson.version };
    body.database = { status: state(database?.ok), ...(database?.problem ? { problem: database.problem } : {}) };
    body.influxdb = {
      status: state(influxdb?.ok),
      url: defaultConnection().url,
      version: influxdb?.info?.version ?? 'unknown',
      flavour: influxdb?.info?.flavour ?? 'unknown',
      ...(influxdb?.problem ? { problem: influxdb.problem } : {}),
    };
  }
  return NextResponse.json(body, { status: readiness.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
