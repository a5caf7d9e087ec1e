import 'server-only';
// GET /api/audit/export?format=csv|jsonl&<the Audit page's filters>: admins only (policy
// operation audit.export), streamed from the database, as an attachment that no cache keeps. The export
// itself is written to the trail, with its filters.
import { randomUUID } from 'node:crypto';
import { getCurrentUser } from '@/lib/auth/session';
import { logger } from '@/lib/log/logger';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { rateLimit } from '@/lib/security/rate-limit';
import { recordAudit } from '@/lib/storage/audit';
import { actionsInTrail } from '@/lib/storage/audit-query';
import { storage } from '@/lib/storage/db';
import { knownActions } from './actions';
import { EXPORT_FORMATS, exportFilename, exportStream, type ExportFormat } from './export';
import { parseAuditFilter } from './filters';
import { storedIdOfKnown } from '@/lib/connections/registry';

const NO_STORE = { 'Cache-Control': 'no-store' };
const CONTENT_TYPE: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

function problem(status: number, code: string, message: string, requestId: string): Response {
  return Response.json({ error: { code, message, requestId } }, { status, headers: NO_STORE });
}

export async function exportAudit(request: Request): Promise<Response> {
  const requestId = randomUUID();
  const user = await getCurrentUser();
  if (!user) return problem(401, 'unauthenticated', 'Your session has ended. Sign in again.', requestId);
  const decision = decide(user.role, 'audit.export', consolePolicy());
  if (!decision.allowed) {
    try {
      await recordAudit({ requestId, actor: user, action: 'audit.export', outcome: 'refused', detail: { reason: 'role' } });
    } catch (error) {
      logger.error('audit write failed', { action: 'audit.export', requestId, error: String(error) });
    }
    return problem(403, 'forbidden', decision.message, requestId);
  }

  const params = new URL(request.url).searchParams;
  const format = params.get('format') ?? '';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    return problem(400, 'invalid-input', 'format must be csv or jsonl.', requestId);
  }
  const sql = storage();
  const parsed = parseAuditFilter(params, knownActions(await actionsInTrail(sql)), storedIdOfKnown);
  if (parsed.problems.length) return problem(400, 'invalid-input', parsed.problems.join(' '), requestId);

  const limit = rateLimit(`route:${user.id}:audit.export`, 10, 60_000);
  if (!limit.allowed) {
    const res = problem(429, 'rate-limited', `Too many exports. Wait ${limit.retryAfterSeconds} s.`, requestId);
    res.headers.set('Retry-After', String(limit.retryAfterSeconds));
    return res;
  }

  await recordAudit({ requestId, actor: user, action: 'audit.export', outcome: 'success', detail: { format, filters: parsed.filter } });
  return new Response(await exportStream(parsed.filter, format as ExportFormat, sql), {
    headers: {
      ...NO_STORE,
      'Content-Type': CONTENT_TYPE[format as ExportFormat],
      'Content-Disposition': `attachment; filename="${exportFilename(format as ExportFormat)}"`,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
