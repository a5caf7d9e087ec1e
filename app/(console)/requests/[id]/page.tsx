import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { randomUUID } from 'node:crypto';
import { ChangeRequest } from '@/components/requests/change-request';
import { RequestPanel, type RequestPanelProps } from '@/components/requests/request-panel';
import { requirePageUser } from '@/lib/auth/page-guard';
import { resolveScope } from '@/lib/connections/resolve-scope';
import { consoleCatalog } from '@/lib/influx/catalog';
import { encodeLifetimeChoice, type LifetimeChoice } from '@/lib/lifetimes/choice';
import { durationWords } from '@/lib/lifetimes/duration';
import { formShareLink } from '@/lib/links/form-share-link';
import { consolePolicy } from '@/lib/policy/console-policy';
import { evaluateGrants } from '@/lib/policy/grant-policy';
import { decide } from '@/lib/policy/operations';
import { consoleRequestTimes, sweepExpired } from '@/lib/requests/console-requests';
import { dueToExpireAt } from '@/lib/requests/decide-step';
import { APPROVED_STATES } from '@/lib/requests/model';
import { STATE_LABEL } from '@/lib/requests/state-words';
import { getRequest } from '@/lib/requests/store';
import { ownerView } from '@/lib/tokens/owner-view';
import { approveRequest, changeRequest, denyRequest, mintRequest, withdrawRequest } from '../actions';

export const metadata: Metadata = { title: 'Request' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function lifetimeWords(c: LifetimeChoice): string {
  switch (c.kind) {
    case 'never':
      return 'No expiry';
    case 'duration':
      return `${durationWords(c.ms)} after it is created`;
    case 'date':
      return `At the start of ${c.date} (UTC)`;
    case 'instant':
      return `At ${utc(new Date(c.at))}`;
  }
}

async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser('tokens.view');
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  await sweepExpired();
  const request = await getRequest(id);
  const policy = consolePolicy();
  const reviewer = decide(user.role, 'request.review', policy).allowed;
  const own = request?.requester.id === user.id;
  // Not theirs and not a reviewer: the same answer as no such request.
  if (!request || (!own && !reviewer)) notFound();

  const resolved = await resolveScope({ connection: request.form.connectionId, org: request.form.orgID });
  if (!resolved.ok) {
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Request</h1>
        <p role="alert" className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700">
          {resolved.problem.message}
        </p>
      </div>
    );
  }
  const { scope } = resolved;
  const catalog = consoleCatalog(scope.connection.id);
  const [resourceTypes, consoleUser] = await Promise.all([catalog.resourceTypes(), catalog.consoleUser()]);
  const owner = ownerView(request.form.owner, { id: consoleUser.id, name: consoleUser.name });
  // Flags as the one who vouches for the token sees them: this admin, or the approver.
  const judgedAs = reviewer && !own ? user.role : (request.reviewer?.role ?? 'admin');
  const decision = evaluateGrants(judgedAs, request.form.grants, resourceTypes, policy);
  const mode: RequestPanelProps['mode'] =
    reviewer && !own && request.state === 'pending'
      ? 'review'
      : own && APPROVED_STATES.includes(request.state)
        ? 'mint'
        : own && request.state === 'pending'
          ? 'withdraw'
          : 'none';
  // The builder, filled with this request's form (items by name, as every share link), for a new request.
  const again = formShareLink(
    {
      orgName: scope.org.name,
      description: request.form.description,
      ...(request.form.owner.kind === 'existing' && request.form.owner.name ? { ownerName: request.form.owner.name } : {}),
      grants: request.form.grants,
    },
    { connection: scope.connection.id },
  ).href;
  const due = dueToExpireAt(request, { ...consoleRequestTimes(), grantPolicy: policy, resourceTypes });

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">Request: {request.form.description}</h1>
        <p className="text-sm" data-testid="request-page-state">
          {STATE_LABEL[request.state]}
        </p>
      </div>
      <dl className="grid grid-cols-[12rem_1fr] gap-y-1 text-sm" data-testid="request-facts">
        <dt className="text-ink-muted">Requested by</dt>
        <dd>
          {request.requester.name ?? request.requester.id} ({request.requester.role}), {utc(request.createdAt)}
        </dd>
        <dt className="text-ink-muted">Connection</dt>
        <dd>{scope.connection.label}</dd>
        <dt className="text-ink-muted">Why</dt>
        <dd className="whitespace-pre-wrap" data-testid="request-justification">
          {request.justification}
        </dd>
        {request.reviewer ? (
          <>
            <dt className="text-ink-muted">{request.state === 'denied' ? 'Denied by' : 'Approved by'}</dt>
            <dd>
              {request.reviewer.name ?? request.reviewer.id}
              {request.reviewedAt ? `, ${utc(request.reviewedAt)}` : ''}
            </dd>
          </>
        ) : null}
        {request.reviewNote ? (
          <>
            <dt className="text-ink-muted">{request.state === 'denied' ? 'Reason' : 'Note'}</dt>
            <dd data-testid="request-review-note">{request.reviewNote}</dd>
          </>
        ) : null}
        {due ? (
          <>
            <dt className="text-ink-muted">{request.state === 'pending' ? 'Expires if nobody reviews it' : 'Create it before'}</dt>
            <dd>{utc(due)}</dd>
          </>
        ) : null}
        {request.authorizationId ? (
          <>
            <dt className="text-ink-muted">Token created</dt>
            <dd data-testid="request-token-id">{request.authorizationId}</dd>
          </>
        ) : null}
      </dl>
      {own && (request.state === 'denied' || request.state === 'expired') ? (
        <p className="text-sm" data-testid="request-again">
          This request can no longer be used.{' '}
          <Link href={again} className="font-medium text-brand-700 underline">
            Open it in the token builder
          </Link>{' '}
          to change it and send a new request.
        </p>
      ) : null}
      <RequestPanel
        id={request.id}
        form={{ ...request.form, lifetime: encodeLifetimeChoice(request.form.lifetime) }}
        mode={mode}
        view={{
          orgName: scope.org.name,
          ownerName: owner.name,
          ownerWords: owner.words,
          resourceTypes,
          decision,
          expires: lifetimeWords(request.form.lifetime),
        }}
        influxUrl={scope.connection.url}
        formKey={randomUUID()}
        approve={approveRequest}
        deny={denyRequest}
        withdraw={withdrawRequest}
        mint={mintRequest}
      />
      {own && (request.state === 'pending' || (APPROVED_STATES.includes(request.state) && !request.mintClaim)) ? (
        <ChangeRequest
          id={request.id}
          form={{ ...request.form, lifetime: encodeLifetimeChoice(request.form.lifetime) }}
          justification={request.justification}
          approved={request.state !== 'pending'}
          change={changeRequest}
        />
      ) : null}
    </div>
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(RequestPage);
