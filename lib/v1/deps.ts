// What the v1 credential operations need, passed in (as mint-token.ts does), so the integration
// tests run them against a real influxd and a real database without Next.js. The org is a
// parameter of every operation and the connection is in these deps, never a global.
import type { Sql } from '@/lib/storage/sql';
import type { BucketDTO, OrgDTO, UserDTO } from '@/lib/influx/dto';
import type { V1Authorizations } from '@/lib/influx/v1-authorizations';
import type { GrantPolicy } from '@/lib/policy/grant-policy';

export interface V1Deps {
  sql: Sql;
  policy: GrantPolicy;
  v1: V1Authorizations;
  /** The connection acted on, as the console's tables store it (absent: 'default'). */
  connectionID?: string;
  resourceTypes(): Promise<string[]>;
  /** The InfluxDB user behind the console's credential: the default owner. */
  consoleUser(): Promise<{ id: string; name: string }>;
  getUser(id: string): Promise<UserDTO | undefined>;
  /** Users the credential can see, for owner names and statuses in the list. */
  users(): Promise<UserDTO[]>;
  allBuckets(orgID: string): Promise<BucketDTO[]>;
  /** The console's password generator (lib/v1/password.ts) unless a test passes one. */
  generatePassword?: () => string;
}

/** The org an operation acts in: resolved and checked by the caller. */
export type OrgScope = OrgDTO;
