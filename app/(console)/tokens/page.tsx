import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/page-guard';

export const metadata: Metadata = { title: 'Tokens' };

export default async function TokensPage() {
  await requirePageUser('viewer');
  return (
    <div>
      <h1 className="text-2xl font-semibold">Tokens</h1>
    </div>
  );
}
