'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useScopedHref } from './use-scope';

export function NavLink({ href, children }: { href: string; children: string }) {
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
    </Link>
  );
}
