'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useScopedHref } from './use-scope';

/** `badge`: a count beside the label (requests waiting for review), with its meaning for screen readers. */
export function NavLink({ href, children, badge }: { href: string; children: string; badge?: { count: number; label: string } }) {
  const pathname = usePathname();
  const scoped = useScopedHref();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={scoped(href, href === '/audit' || href === '/settings')}
      aria-current={active ? 'page' : undefined}
      className={`rounded-md px-3 py-2 text-sm font-medium ${active ? 'bg-brand-50 text-brand-700' : 'text-ink-muted hover:bg-gray-100 hover:text-ink'}`}
    >
      {children}
      {badge && badge.count > 0 ? (
        <span
          className="ml-1.5 rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white"
          data-testid={`nav-badge-${href.slice(1)}`}
        >
          {badge.count}
          <span className="sr-only"> {badge.label}</span>
        </span>
      ) : null}
    </Link>
  );
}
