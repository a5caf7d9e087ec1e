// The "all connections" token list while the console reads, for the first time, the lists of
// some orgs it keeps nothing of yet (issue 16: the page answers at once, and the list follows in
// the same response when those reads are in).
import { formatTime } from '@/lib/format/time';

export function AllConnectionsFirstRead({ count, startedAt }: { count: number; startedAt: number }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Tokens on all connections</h1>
      <p
        role="status"
        className="rounded-md border border-gray-300 bg-surface p-3 text-sm text-ink-muted"
        data-testid="inventory-first-read"
      >
        Reading the token {count === 1 ? 'list of 1 organisation' : `lists of ${count} organisations`} from InfluxDB (started{' '}
        {formatTime(new Date(startedAt).toISOString(), true)})…
      </p>
    </div>
  );
}
