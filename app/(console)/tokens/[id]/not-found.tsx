import Link from 'next/link';

export default function TokenNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Token not found</h1>
      <p className="text-sm text-ink-muted">
        InfluxDB has no token with this id in the console&apos;s organisation. It may have been deleted.
      </p>
      <Link href="/tokens" className="text-sm text-brand-700 underline">
        Back to all tokens
      </Link>
    </div>
  );
}
