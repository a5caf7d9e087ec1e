// The trigger refusing updates of audit rows, in each dialect. Migration 5 drops it so its data step
// can hash the rows written before the chain existed, and the data step puts it back with this.
import type { Dialect } from './sql';

export const AUDIT_NO_UPDATE_TRIGGER: Record<Dialect, string> = {
  sqlite: `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;`,
  postgres: `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION console_refuse_change('audit events are append-only');`,
};
