// Who a minted token belongs to. Today: always the console's own InfluxDB user (its credential's
// user). The seam for "another InfluxDB user" (a later issue) is the Owner union in
// lib/permissions/token-form-schema.ts: add a case here that looks the user up by id on the
// server and checks the console may mint for them.
import type { Owner } from '@/lib/permissions/token-form-schema';

export interface OwnerRef {
  id: string;
  name: string;
}

export async function resolveOwner(owner: Owner, deps: { consoleUser(): Promise<OwnerRef> }): Promise<OwnerRef> {
  switch (owner.kind) {
    case 'console': {
      const u = await deps.consoleUser();
      return { id: u.id, name: u.name };
    }
  }
}
