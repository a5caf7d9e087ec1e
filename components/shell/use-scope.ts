'use client';
// The connection and org a page acts on travel in its URL (?connection=&org=). Links made on a
// page keep them, so a person never drifts back to the default connection by clicking around.
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { scopeFromSearchParams, withScope, type ScopeRequest } from '@/lib/connections/scope';

export function useScopeRequest(): ScopeRequest {
  return scopeFromSearchParams(useSearchParams());
}

/** href -> the same href with this page's connection and org (unchanged when the URL names none). */
export function useScopedHref(): (href: string) => string {
  const { connection, org } = useScopeRequest();
  return useCallback((href: string) => (connection && org ? withScope(href, { connection, org }) : href), [connection, org]);
}
