import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { QueryProvider } from '@/components/shell/query-provider';
import { requirePageUser } from '@/lib/auth/page-guard';
import { connectionsOverview } from '@/lib/connections/overview';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser('tokens.view');
  const connections = await connectionsOverview();
  return (
    <QueryProvider>
      <AppShell user={user} connections={connections}>
        {children}
      </AppShell>
    </QueryProvider>
  );
}
