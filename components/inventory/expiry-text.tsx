// A token's expiry in the inventory and on its page: the time, "expired", or the state an admin must
// act on, "expired, still active in InfluxDB", with InfluxDB's refusal as the reason.
import { expiryLabel, type ExpiryView } from '@/lib/lifetimes/inventory-expiry';

export function ExpiryText({ expiry }: { expiry: ExpiryView | null | undefined }) {
  const label = expiryLabel(expiry);
  if (!expiry) return <span className="text-ink-muted">{label}</span>;
  if (expiry.state === 'still-active') {
    return (
      <span className="rounded bg-danger-50 px-1.5 text-danger-700" title={expiry.problem ?? 'The console is retrying the deactivation.'}>
        {label}
      </span>
    );
  }
  return <span className={expiry.state === 'expired' ? 'text-ink-muted' : undefined}>{label}</span>;
}
