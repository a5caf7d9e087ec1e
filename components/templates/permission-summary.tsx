// A template's or link's permissions: plain words first, the grammar beside them, and sensitive
// grants flagged with the same reasons the review step gives. Server-safe (no hooks).
import { describePrefillGrant } from '@/lib/links/describe-prefill';
import type { PrefillGrant } from '@/lib/links/prefill';
import { permissionParts } from '@/lib/links/share-link';
import { sensitiveFlags } from '@/lib/permissions/sensitivity';

export function PermissionSummary({
  grants,
  orgName,
  compact = false,
}: {
  grants: readonly PrefillGrant[];
  orgName: string;
  compact?: boolean;
}) {
  if (grants.length === 0) return <p className="text-sm text-ink-muted">No permissions.</p>;
  return (
    <ul className="space-y-1.5" aria-label="Permissions">
      {grants.map((g) => {
        const flag = sensitiveFlags([g])[0];
        const parts = permissionParts(g);
        return (
          <li key={`${g.type}:${g.action}`} className="text-sm" data-testid="permission">
            <span>{describePrefillGrant(g, { orgName })}</span>
            {flag && (
              <span
                className="ml-2 inline-flex items-center rounded-full bg-warn-50 px-2 py-0.5 align-middle text-xs font-medium text-warn-800 ring-1 ring-warn-600/30"
                title={`Sensitive: ${flag.reason}`}
                data-testid="sensitive-flag"
              >
                Sensitive
                {!compact && <span className="sr-only">: {flag.reason}</span>}
              </span>
            )}
            {!compact && flag && (
              <span className="block text-xs text-warn-800" aria-hidden="true">
                Holder {flag.reason}.
              </span>
            )}
            {!compact && <span className="block font-mono text-xs text-ink-muted">{parts.join('  ')}</span>}
          </li>
        );
      })}
    </ul>
  );
}
