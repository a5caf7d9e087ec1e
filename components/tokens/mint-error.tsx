// Why the mint action refused or failed, with the way to the inventory when the outcome is unknown
// or the form was already used (a token may exist).
import Link from 'next/link';

export function MintError({ error }: { error: { code: string; message: string } | null }) {
  if (!error) return null;
  return (
    <div role="alert" data-testid="mint-error" className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700">
      <p>{error.message}</p>
      {error.code === 'outcome-unknown' || error.code === 'conflict' ? (
        <p className="mt-1">
          <Link href="/tokens" className="font-medium underline">
            Open the token inventory
          </Link>
        </p>
      ) : null}
    </div>
  );
}
