import 'server-only';
// What the template editor needs from InfluxDB: the org name and the resource types for its
// "add a permission" helper. Best effort: an unreachable InfluxDB must not block editing templates.
import { influx } from '@/lib/influx/server';
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { displayOrgName } from './org-name';

// InfluxDB OSS 2.x and Cloud types (see shared reference), for when the server cannot be asked.
const FALLBACK_TYPES = [...OSS_RESOURCE_TYPES];

export async function editorContext(): Promise<{ orgName: string; resourceTypes: string[] }> {
  const [orgName, resourceTypes] = await Promise.all([
    displayOrgName(),
    influx()
      .resourceTypes()
      .catch(() => FALLBACK_TYPES),
  ]);
  return { orgName, resourceTypes };
}
