// The real influxd servers the token flows run against (describe.each): the default version
// (scripts/influxd/VERSION) with hashed tokens and without, and every older release listed in
// scripts/influxd/VERSIONS (2.7.12: no hashing at all, lists hand out every value). ensure.sh
// --all builds the same list, so CI has them all cached before vitest starts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartOptions } from '@/scripts/influxd/harness';

export interface InfluxdServer {
  label: string;
  start: StartOptions;
  /** What /ping's X-Influxdb-Version says. */
  version: string;
  /** GET /authorizations answers every token's value in clear. */
  listsValues: boolean;
}

const dir = join(__dirname, '../../../scripts/influxd');
const defaultVersion = readFileSync(join(dir, 'VERSION'), 'utf8').trim();
const older = readFileSync(join(dir, 'VERSIONS'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#') && l !== defaultVersion);

export const INFLUXD_SERVERS: InfluxdServer[] = [
  { label: `influxd ${defaultVersion}, hashed tokens`, start: { hashedTokens: true }, version: defaultVersion, listsValues: false },
  { label: `influxd ${defaultVersion}, unhashed tokens`, start: { hashedTokens: false }, version: defaultVersion, listsValues: true },
  ...older.map((v) => ({ label: `influxd ${v}`, start: { version: v }, version: v, listsValues: true })),
];
