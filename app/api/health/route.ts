// Liveness for load balancers and the test runner: public, but it says only "up" or "degraded".
// Versions and the InfluxDB URL are shown to signed-in people only.
import { NextResponse } from 'next/server';
import { getCurrentUser } from '@/lib/auth/session';
import { getConfig } from '@/lib/config/server-config';
import { influx } from '@/lib/influx/server';
import packageJson from '@/package.json';

export const dynamic = 'force-dynamic';

export async function GET() {
  const [health, ping] = await Promise.allSettled([influx().health(), influx().ping()]);
  const influxUp = health.status === 'fulfilled' && health.value.status === 'pass';
  const body: Record<string, unknown> = {
    status: influxUp ? 'ok' : 'degraded',
    console: { status: 'ok' },
    influxdb: { status: influxUp ? 'pass' : 'fail' },
  };
  const user = await getCurrentUser().catch(() => null);
  if (user) {
    body.console = { status: 'ok', version: packageJson.version };
    body.influxdb = {
      status: influxUp ? 'pass' : 'fail',
      url: getConfig().INFLUX_URL,
      version: ping.status === 'fulfilled' ? ping.value.version : health.status === 'fulfilled' ? health.value.version : 'unknown',
      flavour: ping.status === 'fulfilled' ? ping.value.flavour : 'unknown',
    };
  }
  return NextResponse.json(body, { status: influxUp ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
