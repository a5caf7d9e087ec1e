import { answeringDatabaseDown } from '@/lib/api/database-unreachable';
import { exportAudit } from '@/lib/audit/export-route';

// Reads the session and streams from SQLite on every request.
export const dynamic = 'force-dynamic';

export const GET = answeringDatabaseDown('audit.export', exportAudit);
