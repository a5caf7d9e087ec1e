import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { QueryProvider } from '@/components/shell/query-provider';
import { requirePageUser } from '@/lib/auth/page-guard';
import { connectionsOverview } from '@/lib/connections/overview';
import { navRequests } from '@/lib/requests/nav-count';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser('tokens.view');
  const [connections, requests] = await Promise.all([connectionsOverview(), navRequests(user)]);
  return (
    <QueryProvider>
      <AppShell user={user} connections={connections} {...(requests ? { requests } : {})}>
        {children}
      </AppShell>
    </QueryProvider>
  );
}
