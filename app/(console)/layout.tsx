import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { QueryProvider } from '@/components/shell/query-provider';
import { requirePageUser } from '@/lib/auth/page-guard';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser('tokens.view');
  return (
    <QueryProvider>
      <AppShell user={user}>{children}</AppShell>
    </QueryProvider>
  );
}
