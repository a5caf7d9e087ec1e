// The token list's page while the console reads an org's list from InfluxDB for the first time
// (issue 16: nothing kept yet, and at 100,000 tokens InfluxDB's one answer takes seconds): the
// page's heading and what it can offer already, and what it is waiting for. The list replaces it
// in the same response when the read is in.
import { ConnectionBadge } from '@/components/shell/connection-badge';
import type { ConnectionColour } from '@/lib/connections/model';
import { formatTime } from '@/lib/format/time';
import { InventoryHeading } from './inventory-heading';

export function FirstReadShell({
  connection,
  orgName,
  startedAt,
  newTokenHref,
}: {
  connection: { label: string; colour: ConnectionColour };
  orgName: string;
  /** When the read started (ms). */
  startedAt: number;
  /** Only when this person may mint here. */
  newTokenHref?: string;
}) {
  return (
    <div className="space-y-4">
      <InventoryHeading
        meta={
          <>
            Org {orgName} on <ConnectionBadge label={connection.label} colour={connection.colour} />
          </>
        }
        newTokenHref={newTokenHref}
      />
      <p
        role="status"
        className="rounded-md border border-gray-300 bg-surface p-3 text-sm text-ink-muted"
        data-testid="inventory-first-read"
      >
        Reading the token list from InfluxDB (started {formatTime(new Date(startedAt).toISOString(), true)})…
      </p>
    </div>
  );
}
