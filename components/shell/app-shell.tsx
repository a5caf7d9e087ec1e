import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Role } from '@/lib/auth/roles';
import type { ConnectionOverview } from '@/lib/connections/overview';
import { NavLink } from './nav-link';
import { ScopeSwitcher } from './scope-switcher';
import { SignOutButton } from './sign-out-button';

export function AppShell({
  user,
  connections,
  children,
  requests,
}: {
  user: { name: string; role: Role };
  /** Access requests (issue 15): shown to those who may make or review them; `waiting`: the review queue's count. */
  requests?: { waiting: number };
  connections: { defaultId: string; connections: ConnectionOverview[] };
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-gray-200 bg-surface">
        <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3">
          <Link href="/tokens" className="font-semibold text-ink">
            Influx Token Console
          </Link>
          <nav aria-label="Main" className="flex gap-1">
            <NavLink href="/tokens">Tokens</NavLink>
            <NavLink href="/v1-credentials">v1 credentials</NavLink>
            <NavLink href="/templates">Templates</NavLink>
            {requests ? (
              <NavLink href="/requests" badge={{ count: requests.waiting, label: 'waiting for review' }}>
                Requests
              </NavLink>
            ) : null}
            <NavLink href="/audit">Audit</NavLink>
            <NavLink href="/settings">Settings</NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span data-testid="signed-in-user">
              {user.name} <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">{user.role}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
        <div className="mx-auto max-w-6xl px-4 pb-2">
          <ScopeSwitcher connections={connections.connections} defaultId={connections.defaultId} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
