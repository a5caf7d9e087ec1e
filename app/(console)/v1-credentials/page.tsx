import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import { ScopeProblem } from '@/components/shell/scope-problem';
import { V1CredentialsView } from '@/components/v1/v1-credentials-view';
import { requirePageUser } from '@/lib/auth/page-guard';
import { connectionFacts } from '@/lib/connections/model';
import { resolveScope } from '@/lib/connections/resolve-scope';
import { scopeFromSearchParams } from '@/lib/connections/scope';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { consoleV1Deps } from '@/lib/v1/console-v1';
import { listV1Credentials } from '@/lib/v1/list-v1-credentials';
import { createV1, deleteV1, discardHalfDone, setV1CredentialStatus, setV1Password } from './actions';

export const metadata: Metadata = { title: 'v1 credentials' };

async function V1CredentialsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('v1.view');
  const policy = consolePolicy();
  const resolved = await resolveScope(scopeFromSearchParams(await searchParams));
  if (!resolved.ok) return <ScopeProblem title="v1 credentials" problem={resolved.problem} section="/v1-credentials" />;
  const { connection, org, params } = resolved.scope;
  const deps = consoleV1Deps(connection.id);
  const on = connectionFacts(connection);
  let rows;
  let buckets;
  let consoleUserName;
  try {
    [rows, buckets, consoleUserName] = await Promise.all([
      listV1Credentials(org, user.role, deps, on),
      deps.allBuckets(org.id),
      deps.consoleUser().then((u) => u.name),
    ]);
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">v1 credentials</h1>
        <p role="alert" className="rounded-md border border-danger-600 bg-danger-50 p-3 text-sm text-danger-700">
          {connection.label}: {describeInfluxError(error, { doing: 'list v1 credentials' })}
        </p>
      </div>
    );
  }
  const create = decide(user.role, 'v1.create', policy, undefined, on);
  const otherOwner = decide(user.role, 'v1.create', policy, { sensitive: [], codeRunning: [], otherOwner: true }, on);
  return (
    <V1CredentialsView
      rows={rows}
      buckets={buckets.map((b) => ({ id: b.id, name: b.name, system: b.type === 'system' })).sort((a, b) => a.name.localeCompare(b.name))}
      org={org}
      consoleUserName={consoleUserName}
      allowed={{ create: create.allowed, otherOwner: otherOwner.allowed }}
      refusals={{ create: create.allowed ? undefined : create.message, otherOwner: otherOwner.allowed ? undefined : otherOwner.message }}
      influxUrl={connection.url}
      scope={params}
      connectionLabel={connection.label}
      actions={{ createV1, setV1Password, setV1CredentialStatus, deleteV1, discardHalfDone }}
    />
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(V1CredentialsPage);
