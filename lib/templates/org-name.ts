import 'server-only';
// The org name shown in plain-words permissions ("every bucket in org acme"). Best effort: when
// InfluxDB cannot be asked, the configured INFLUX_ORG is shown as written.
import { getConfig } from '@/lib/config/server-config';
import { defaultOrgRef } from '@/lib/influx/server';

export async function displayOrgName(): Promise<string> {
  try {
    return (await defaultOrgRef()).name;
  } catch {
    return getConfig().INFLUX_ORG;
  }
}
