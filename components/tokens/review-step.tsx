'use client';
// Review before minting: every grant in plain words, sensitive ones flagged with the reason, and
// an explicit confirmation for them. The server checks the same confirmation and policy.
import type { ReactNode } from 'react';
import { describeGrant } from '@/lib/permissions/describe';
import type { Grant } from '@/lib/permissions/model';
import { flagReason, sensitiveFlags } from '@/lib/permissions/sensitivity';
import { flagLabel, type PolicyDecision } from '@/lib/policy/grant-policy';

export function ReviewStep({
  description,
  status,
  orgName,
  ownerName,
  ownerWords,
  grants,
  resourceTypes,
  decision,
  confirm,
  expires,
}: {
  description: string;
  status: 'active' | 'inactive';
  orgName: string;
  ownerName: string;
  /** The owner in words: "iot_user_1 (a new InfluxDB user, created with the token)". */
  ownerWords?: string;
  grants: Grant[];
  resourceTypes: string[];
  decision: PolicyDecision;
  /** The confirmation checkbox, registered with the form by the builder. */
  confirm: ReactNode;
  /** When the console will deactivate it, in words. */
  expires?: ReactNode;
}) {
  const flagged = new Set(sensitiveFlags(grants, resourceTypes).map((f) => `${f.action}:${f.type}`));
  const allAccess = decision.flags.find((f) => f.action === 'all');

  return (
    <section aria-labelledby="review-heading" className="space-y-4 rounded-card border border-gray-200 bg-surface p-5">
      <h2 id="review-heading" tabIndex={-1} className="text-lg font-semibold">
        Review the token
      </h2>
      <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
        <dt className="text-ink-muted">Description</dt>
        <dd>{description}</dd>
        <dt className="text-ink-muted">Organisation</dt>
        <dd>{orgName}</dd>
        <dt className="text-ink-muted">Owner</dt>
        <dd data-testid="review-owner">{ownerWords ?? `${ownerName} (the console’s InfluxDB user)`}</dd>
        <dt className="text-ink-muted">Status</dt>
        <dd>
          {status === 'active' ? 'Active: works as soon as it is created' : 'Inactive: InfluxDB refuses it until someone activates it'}
        </dd>
        {expires ? (
          <>
            <dt className="text-ink-muted">Expires</dt>
            <dd data-testid="review-expires">{expires}</dd>
          </>
        ) : null}
      </dl>

      <div>
        <h3 className="text-sm font-medium">This token will be able to:</h3>
        {allAccess ? <p className="mt-1 rounded-md bg-warn-50 p-2 text-sm text-warn-800">All access: {allAccess.reason}.</p> : null}
        <ul className="mt-2 space-y-1 text-sm" data-testid="review-grants">
          {grants.map((g) => {
            const isFlagged = flagged.has(`${g.action}:${g.type}`);
            const flag = decision.flags.find((f) => f.type === g.type && f.action === g.action);
            const reason = flag && flagReason(flag, ownerName);
            return (
              <li key={`${g.action}:${g.type}`} className="flex flex-wrap items-baseline gap-2">
                <span aria-hidden className={isFlagged ? 'text-warn-600' : 'text-ok-600'}>
                  {isFlagged ? '⚠' : '•'}
                </span>
                <span>{describeGrant(g, { orgName, ownerName })}</span>
                {isFlagged ? (
                  <span className="rounded bg-warn-50 px-1.5 text-xs text-warn-800">
                    {flag?.class === 'code-running' ? 'runs code' : 'sensitive'}
                    {reason ? `: ${reason}` : ''}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
        {grants.some((g) => g.type === 'buckets' && g.action === 'write') &&
        !grants.some((g) => g.type === 'buckets' && g.action === 'read') ? (
          <p className="mt-2 text-xs text-ink-muted">Note: it can write to buckets but not read them (write does not include read).</p>
        ) : null}
      </div>

      {!decision.allowed ? (
        <p role="alert" className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700">
          {decision.message}
        </p>
      ) : decision.needsConfirmation ? (
        <div className="rounded-md border border-warn-600/40 bg-warn-50 p-3 text-sm text-warn-800">
          <p>
            This token includes {decision.flags.some((f) => f.class === 'code-running') ? 'grants that need care' : 'sensitive grants'} (
            {decision.flags.map(flagLabel).join(', ')}). Anyone holding it can do all of that, without the console.
          </p>
          <div className="mt-2">{confirm}</div>
        </div>
      ) : null}
    </section>
  );
}
