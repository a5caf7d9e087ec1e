'use client';
// One-click starting points for the permission matrix: all access in the org (for the roles the
// policy allows) and clear.
import { Button } from '@/components/ui/button';
import type { Role } from '@/lib/auth/roles';
import { emptyMatrix, grantsToMatrix, type MatrixState } from '@/lib/permissions/matrix-state';
import { allAccessGrants } from '@/lib/permissions/presets';
import { mayUseAllAccess, type GrantPolicy } from '@/lib/policy/grant-policy';

export function GrantPresets({
  role,
  policy,
  resourceTypes,
  onChange,
}: {
  role: Role;
  policy: GrantPolicy;
  resourceTypes: string[];
  onChange: (next: MatrixState) => void;
}) {
  const allAccessAllowed = mayUseAllAccess(role, policy);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Presets">
      <span className="text-ink-muted">Presets:</span>
      <Button
        size="sm"
        disabled={!allAccessAllowed}
        aria-describedby={allAccessAllowed ? undefined : 'all-access-hint'}
        onClick={() => onChange(grantsToMatrix(allAccessGrants(resourceTypes), resourceTypes))}
      >
        All access in this org
      </Button>
      <Button size="sm" onClick={() => onChange(emptyMatrix(resourceTypes))}>
        Clear
      </Button>
      {allAccessAllowed ? null : (
        <span id="all-access-hint" className="text-xs text-ink-muted">
          All access is for {policy.sensitiveRole}s only.
        </span>
      )}
    </div>
  );
}
