import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/page-guard';
import { findConnection } from '@/lib/connections/registry';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { consoleRequestTimes, sweepExpired } from '@/lib/requests/console-requests';
import { STATE_LABEL } from '@/lib/requests/state-words';
import { requestsOf, reviewQueue, type StoredRequest } from '@/lib/requests/store';

export const metadata: Metadata = { title: 'Requests' };

function RequestTable({ rows, who, testId }: { rows: StoredRequest[]; who: boolean; testId: string }) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <thead className="text-ink-muted">
        <tr>
          <th className="py-1 pr-3 font-medium">Token</th>
          {who ? <th className="py-1 pr-3 font-medium">Requested by</th> : null}
          <th className="py-1 pr-3 font-medium">Connection</th>
          <th className="py-1 pr-3 font-medium">State</th>
          <th className="py-1 font-medium">Sent</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className="border-t border-gray-200" data-testid="request-row" data-request-id={r.id}>
            <td className="py-1.5 pr-3">
              <Link href={`/requests/${r.id}`} className="font-medium text-brand-700 underline">
                {r.form.description}
              </Link>
            </td>
            {who ? <td className="py-1.5 pr-3">{r.requester.name ?? r.requester.id}</td> : null}
            <td className="py-1.5 pr-3">{findConnection(r.form.connectionId)?.label ?? r.form.connectionId}</td>
            <td className="py-1.5 pr-3" data-testid="request-state">
              {STATE_LABEL[r.state]}
            </td>
            <td className="py-1.5">{r.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function RequestsPage() {
  const user = await requirePageUser('tokens.view');
  const policy = consolePolicy();
  const reviews = decide(user.role, 'request.review', policy).allowed;
  await sweepExpired();
  const [mine, queue] = await Promise.all([
    requestsOf(user.id),
    reviews ? reviewQueue({ now: new Date(), pendingTtlMs: consoleRequestTimes().pendingTtlMs, reviewerId: user.id }) : [],
  ]);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Requests</h1>
        <p className="mt-1 max-w-2xl text-sm text-ink-muted">
          A token the policy does not let you create can be requested from the builder (“Request this token”). An admin approves it,
          approves less, or denies it; you then create exactly the approved token, once. Nobody else ever sees its value.
        </p>
      </div>
      {reviews ? (
        <section aria-labelledby="queue-heading" className="space-y-2">
          <h2 id="queue-heading" className="text-lg font-semibold">
            Waiting for your review ({queue.length})
          </h2>
          {queue.length === 0 ? (
            <p className="text-sm text-ink-muted">Nothing waits for review.</p>
          ) : (
            <RequestTable rows={queue} who testId="review-queue" />
          )}
        </section>
      ) : null}
      <section aria-labelledby="mine-heading" className="space-y-2">
        <h2 id="mine-heading" className="text-lg font-semibold">
          My requests
        </h2>
        {mine.length === 0 ? (
          <p className="text-sm text-ink-muted">You have sent no requests.</p>
        ) : (
          <RequestTable rows={mine} who={false} testId="my-requests" />
        )}
      </section>
    </div>
  );
}
