// Liveness: the process is up and serving requests. It checks nothing upstream, so a load balancer
// or orchestrator never restarts a healthy console because InfluxDB or the database is away
// (that is what /api/health, the readiness answer, is for).
import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

export function GET() {
  return NextResponse.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
