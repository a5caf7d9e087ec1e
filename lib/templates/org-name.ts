import 'server-only';
// The org name shown in plain-words permissions ("every bucket in org acme"). Best effort: when
// InfluxDB cannot be asked, the configured org is shown as written.
import { defaultConnection } from '@/lib/connections/registry';
import { defaultOrgRef } from '@/lib/influx/server';

export async function displayOrgName(): Promise<string> {
  try {
    return (await defaultOrgRef()).name;
  } catch {
    return defaultConnection().org;
  }
}
