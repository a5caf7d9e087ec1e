import Link from 'next/link';

export default async function Denied({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  const role = need === 'admin' || need === 'creator' ? need : 'a higher';
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-ink-muted">This page needs the {role} role. Ask a console admin if you need it.</p>
      <Link href="/tokens" className="mt-4 inline-block text-brand-700 underline">
        Back to tokens
      </Link>
    </main>
  );
}
