'use client';
// The connection and org a page acts on travel in its URL (?connection=&org=). Links made on a
// page keep them, so a person never drifts back to the default connection by clicking around.
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { ALL_CONNECTIONS } from '@/lib/connections/model';
import { scopeFromSearchParams, withScope, type ScopeRequest } from '@/lib/connections/scope';

export function useScopeRequest(): ScopeRequest {
  return scopeFromSearchParams(useSearchParams());
}

/**
 * href -> the same href with this page's connection and org (unchanged when the URL names none).
 * `connectionOnly`: pages about a whole connection (Audit, Settings), where `org` is not the scope.
 */
export function useScopedHref(): (href: string, connectionOnly?: boolean) => string {
  const { connection, org } = useScopeRequest();
  return useCallback(
    (href: string, connectionOnly = false) => {
      if (!connection || connection === ALL_CONNECTIONS) return href;
      if (connectionOnly || !org) return `${href}${href.includes('?') ? '&' : '?'}connection=${encodeURIComponent(connection)}`;
      return withScope(href, { connection, org });
    },
    [connection, org],
  );
}
