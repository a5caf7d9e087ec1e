import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TokenHistorySection } from '@/components/audit/token-history';
import { TokenDetailView } from '@/components/inventory/token-detail-view';
import { tokenHistory } from '@/lib/audit/token-history';
import { requirePageUser } from '@/lib/auth/page-guard';
import { getConfig } from '@/lib/config/server-config';
import { resolveScope } from '@/lib/connections/resolve-scope';
import { scopeFromSearchParams } from '@/lib/connections/scope';
import { ScopeProblem } from '@/components/shell/scope-problem';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { influxIdSchema } from '@/lib/permissions/model-schema';
import { loadTokenDetailForViewer } from '@/lib/inventory/server';
import { consolePolicy } from '@/lib/policy/console-policy';
import { inventoryActions } from '../inventory-actions';

export const metadata: Metadata = { title: 'Token' };

export default async function TokenPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser('tokens.view');
  const { id } = await params;
  if (!influxIdSchema.safeParse(id).success) notFound();
  const resolved = await resolveScope(scopeFromSearchParams(await searchParams));
  if (!resolved.ok) return <ScopeProblem title="Token" problem={resolved.problem} />;
  const { scope } = resolved;
  let detail;
  try {
    detail = await loadTokenDetailForViewer(scope, id, { user, policy: consolePolicy() });
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    return (
      <p role="alert" className="rounded-md border border-danger-600 bg-danger-50 p-3 text-sm text-danger-700">
        {describeInfluxError(error, { doing: 'load the token' })}
      </p>
    );
  }
  if (!detail) notFound();
  return (
    <div className="space-y-8">
      <TokenDetailView
        actions={inventoryActions}
        scope={scope.params}
        initial={detail}
        minGraceSeconds={getConfig().CONSOLE_MIN_GRACE_SECONDS}
        influxUrl={scope.connection.url}
      />
      <TokenHistorySection id={id} history={await tokenHistory(id)} />
    </div>
  );
}
