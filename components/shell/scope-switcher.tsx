'use client';
// The shell's "where am I acting": the connection (label and colour) and org of this page, read
// from its URL, and a switcher (connection, then an org its credential can see). Switching keeps
// the section (Tokens, Templates, Audit...) and starts it afresh on the chosen connection and org.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ALL_CONNECTIONS } from '@/lib/connections/model';
import type { ConnectionOverview } from '@/lib/connections/overview';
import { scopeQuery } from '@/lib/connections/scope';
import { ConnectionBadge } from './connection-badge';
import { useScopeRequest } from './use-scope';

const SECTIONS = ['/tokens/new', '/tokens', '/v1-credentials', '/templates', '/audit', '/settings'];

export function ScopeSwitcher({ connections, defaultId }: { connections: ConnectionOverview[]; defaultId: string }) {
  const asked = useScopeRequest();
  const pathname = usePathname();
  const router = useRouter();
  const id = useId();
  const all = asked.connection === ALL_CONNECTIONS;
  const current = connections.find((c) => c.id === (asked.connection ?? defaultId));
  const orgName = asked.org ?? current?.defaultOrg;
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState(current?.id ?? defaultId);
  const chosenConnection = connections.find((c) => c.id === chosen);
  const [org, setOrg] = useState(orgName ?? '');
  const orgs = chosenConnection?.orgs ?? [];

  const go = () => {
    const section = SECTIONS.find((s) => pathname === s || pathname.startsWith(`${s}/`)) ?? '/tokens';
    // A token's page belongs to one connection: switching goes back to that connection's list.
    const target = section === '/tokens' || pathname.startsWith('/tokens/') ? (section === '/tokens/new' ? section : '/tokens') : section;
    const orgToUse = orgs.includes(org) ? org : (chosenConnection?.defaultOrg ?? orgs[0] ?? '');
    router.push(
      orgToUse ? `${target}?${scopeQuery({ connection: chosen, org: orgToUse })}` : `${target}?connection=${encodeURIComponent(chosen)}`,
    );
    setOpen(false);
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="scope">
      <span className="text-ink-muted">Acting on</span>
      {all ? (
        <span data-testid="scope-connection" className="font-medium">
          all connections
        </span>
      ) : current ? (
        <span data-testid="scope-connection">
          <ConnectionBadge label={current.label} colour={current.colour} down={current.down} />
        </span>
      ) : (
        <span data-testid="scope-connection" className="font-medium text-danger-700">
          unknown connection
        </span>
      )}
      {!all && orgName && (
        <span>
          org{' '}
          <span className="font-medium" data-testid="scope-org">
            {orgName}
          </span>
        </span>
      )}
      {connections.length > 1 || (current && current.orgs.length > 1) ? (
        <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={`${id}-switch`} onClick={() => setOpen((o) => !o)}>
          Switch…
        </Button>
      ) : null}
      {connections.length > 1 && !all && (
        <Link href="/tokens?connection=all" className="text-brand-700 underline">
          All connections
        </Link>
      )}
      {open && (
        <form
          id={`${id}-switch`}
          aria-label="Switch connection and organisation"
          className="flex flex-wrap items-end gap-2 rounded-md border border-gray-200 bg-surface p-2"
          onSubmit={(e) => {
            e.preventDefault();
            go();
          }}
        >
          <label className="flex flex-col text-xs">
            Connection
            <select
              className="rounded border border-gray-300 px-2 py-1 text-sm"
              value={chosen}
              onChange={(e) => {
                setChosen(e.target.value);
                setOrg(connections.find((c) => c.id === e.target.value)?.defaultOrg ?? '');
              }}
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                  {c.down ? ' (down)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-xs">
            Organisation
            <select
              className="rounded border border-gray-300 px-2 py-1 text-sm"
              value={org}
              onChange={(e) => setOrg(e.target.value)}
              disabled={orgs.length === 0}
            >
              {orgs.length === 0 && <option value="">{chosenConnection?.down ? 'connection down' : 'none visible'}</option>}
              {orgs.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          <Button size="sm" type="submit" variant="primary">
            Switch
          </Button>
        </form>
      )}
    </div>
  );
}
