import 'server-only';
// "On this InfluxDB, for you": what a template version would and would not fill in, checked the
// same way the builder does (resolvePrefill), so surprises show before anyone opens the form.
import type { ConsoleUser } from '@/lib/auth/session';
import { DEFAULT_CONNECTION_ID } from '@/lib/connections/model';
import { connectionOfStored } from '@/lib/connections/registry';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { defaultOrgRef, influx } from '@/lib/influx/server';
import type { NotApplied } from '@/lib/links/prefill';
import { resolvePrefill } from '@/lib/links/resolve-prefill';
import { mayUseTemplate, type TemplateVersion } from './model';

export type FitCheck =
  { kind: 'ok' } | { kind: 'viewer' } | { kind: 'partial'; notApplied: NotApplied[] } | { kind: 'problem'; message: string };

export async function templateFitCheck(v: TemplateVersion, user: ConsoleUser): Promise<FitCheck> {
  if (user.role === 'viewer') return { kind: 'viewer' };
  if (!mayUseTemplate(user.role, v)) {
    return { kind: 'partial', notApplied: [{ part: `template=${v.slug}`, reason: `this template is for ${v.roles.join(' and ')}s only` }] };
  }
  // Checked on the connection the template was saved on, where its link opens.
  const connection = connectionOfStored(v.connection ?? DEFAULT_CONNECTION_ID);
  if (!connection)
    return { kind: 'problem', message: `The connection "${v.connection}" this template was saved on is no longer in this console.` };
  try {
    const r = await resolvePrefill(v.prefill, {
      gateway: influx(connection.id),
      role: user.role,
      defaultOrg: await defaultOrgRef(connection.id),
    });
    return r.notApplied.length === 0 ? { kind: 'ok' } : { kind: 'partial', notApplied: r.notApplied };
  } catch (error) {
    if (error instanceof InfluxError)
      return { kind: 'problem', message: describeInfluxError(error, { doing: 'check the template against InfluxDB' }) };
    return { kind: 'problem', message: 'Could not check the template against InfluxDB; see the server log.' };
  }
}
