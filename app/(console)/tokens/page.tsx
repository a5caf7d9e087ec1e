import type { Metadata } from 'next';
import { InventoryView } from '@/components/inventory/inventory-view';
import { requirePageUser } from '@/lib/auth/page-guard';
import { getConfig } from '@/lib/config/server-config';
import { defaultConnection } from '@/lib/connections/registry';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { defaultOrgRef } from '@/lib/influx/server';
import { inventoryQueryString, parseInventoryQuery } from '@/lib/inventory/query';
import { listInventoryPage } from '@/lib/inventory/list-page';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { inventoryActions } from './inventory-actions';

export const metadata: Metadata = { title: 'Tokens' };

export default async function TokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('tokens.view');
  const policy = consolePolicy();
  const query = parseInventoryQuery(await searchParams);
  let data;
  let org;
  try {
    org = await defaultOrgRef();
    data = await listInventoryPage(query, { user, policy });
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Tokens</h1>
        <p role="alert" className="rounded-md border border-danger-600 bg-danger-50 p-3 text-sm text-danger-700">
          {describeInfluxError(error, { doing: 'list tokens' })}
        </p>
      </div>
    );
  }
  return (
    <InventoryView
      actions={inventoryActions}
      initialPage={data}
      initialQs={inventoryQueryString(query)}
      allowed={{ mint: decide(user.role, 'token.mint', policy).allowed, bulk: decide(user.role, 'tokens.bulk-delete', policy).allowed }}
      orgName={org.name}
      minGraceSeconds={getConfig().CONSOLE_MIN_GRACE_SECONDS}
      influxUrl={defaultConnection().url}
    />
  );
}
