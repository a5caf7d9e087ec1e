// Grants in plain words, the same in the review step, the inventory detail and template gallery.
import type { Grant } from './model';

const SINGULAR: Record<string, string> = {
  authorizations: 'API token',
  buckets: 'bucket',
  dashboards: 'dashboard',
  orgs: 'organisation',
  tasks: 'task',
  telegrafs: 'Telegraf configuration',
  users: 'user',
  variables: 'variable',
  secrets: 'secret',
  labels: 'label',
  views: 'view',
  documents: 'document',
  notificationRules: 'notification rule',
  notificationEndpoints: 'notification endpoint',
  checks: 'check',
  dbrp: 'DBRP mapping',
  annotations: 'annotation',
  sources: 'source',
  scrapers: 'scraper',
  notebooks: 'notebook',
  remotes: 'remote',
  replications: 'replication',
  flows: 'flow',
  functions: 'function',
  subscriptions: 'subscription',
};

export function typeLabel(type: string, plural = false): string {
  // Own keys only: a type a server names "constructor" must not find Object.prototype's.
  const one = (Object.hasOwn(SINGULAR, type) ? SINGULAR[type] : undefined) ?? type;
  if (!plural) return one;
  return one.endsWith('y') && !one.endsWith('ey') ? `${one.slice(0, -1)}ies` : `${one}s`;
}

const verb = (action: Grant['action']) => (action === 'read' ? 'Read' : 'Write to');

export function describeGrant(g: Grant, ctx: { orgName: string; ownerName?: string; deletedIds?: ReadonlySet<string> }): string {
  if (g.type === 'orgs') return `${g.action === 'read' ? 'Read' : 'Change'} organisation ${ctx.orgName}`;
  if (g.scope.kind === 'owner')
    return `${g.action === 'read' ? 'Read' : 'Change'} its own user${ctx.ownerName ? ` (${ctx.ownerName})` : ''}`;
  if (g.scope.kind === 'all') {
    return `${g.action === 'read' ? 'Read' : 'Write to'} every ${typeLabel(g.type)} in org ${ctx.orgName}`;
  }
  const names = g.scope.items.map((i) => (ctx.deletedIds?.has(i.id) ? `${i.name ?? i.id} (deleted)` : (i.name ?? i.id)));
  return `${verb(g.action)} ${typeLabel(g.type, names.length > 1)} ${names.join(', ')}`;
}
