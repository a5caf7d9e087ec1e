// The console's one way to show a time: unambiguous and in UTC, the same on the server and in the
// browser (no locale, no time zone guessing), so hydration never disagrees: "2026-11-28 08:05 UTC".
export function formatTime(iso: string | undefined | null, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const s = d.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, withSeconds ? 19 : 16)} UTC`;
}
