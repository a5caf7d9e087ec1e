// Who a minted token belongs to. The form says "the console's own user", "this existing user (by
// id)" or "a new user with this name"; here each becomes a checked plan before anything is
// written: existing users are looked up on the server (a forged id or name proves nothing), a new
// name must still be free. Creating the new user happens later, in mint-token.ts, after every
// other check passed and the form key was claimed, so a refused form never leaves a user behind.
import type { UserDTO } from '@/lib/influx/dto';
import type { Owner } from '@/lib/permissions/token-form-schema';

export interface OwnerRef {
  id: string;
  name: string;
}

export type OwnerPlan =
  { kind: 'console'; id: string; name: string } | { kind: 'existing'; id: string; name: string } | { kind: 'new'; name: string };

export interface OwnerLookup {
  consoleUser(): Promise<OwnerRef>;
  getUser(id: string): Promise<UserDTO | undefined>;
  findUserByName(name: string): Promise<UserDTO | undefined>;
}

export type OwnerPlanResult =
  { ok: true; plan: OwnerPlan } | { ok: false; code: 'not-found' | 'conflict' | 'invalid-input'; reason: string; message: string };

/** A stand-in id for the preview and for checking the body can be built before the user exists. */
export const NEW_USER_PLACEHOLDER_ID = '0000000000000000';

export async function planOwner(owner: Owner, deps: OwnerLookup): Promise<OwnerPlanResult> {
  switch (owner.kind) {
    case 'console': {
      const u = await deps.consoleUser();
      return { ok: true, plan: { kind: 'console', id: u.id, name: u.name } };
    }
    case 'existing': {
      const u = await deps.getUser(owner.userID);
      if (!u) {
        return {
          ok: false,
          code: 'not-found',
          reason: 'owner-not-found',
          message: `The InfluxDB user you chose${owner.name ? ` (${owner.name})` : ''} no longer exists, or the console’s credential cannot read it. Choose the owner again.`,
        };
      }
      if (u.status === 'inactive') {
        return {
          ok: false,
          code: 'invalid-input',
          reason: 'owner-inactive',
          message: `InfluxDB user ${u.name} is inactive, and InfluxDB refuses every token an inactive user owns (403 “User is inactive”). Activate the user in InfluxDB first, or choose another owner.`,
        };
      }
      const console = await deps.consoleUser();
      return {
        ok: true,
        plan: u.id === console.id ? { kind: 'console', id: u.id, name: u.name } : { kind: 'existing', id: u.id, name: u.name },
      };
    }
    case 'new': {
      const taken = await deps.findUserByName(owner.name);
      if (taken) {
        return {
          ok: false,
          code: 'conflict',
          reason: 'owner-name-taken',
          message: `An InfluxDB user named ${owner.name} already exists. Choose it as an existing user instead (the console does not take over an existing user silently).`,
        };
      }
      return { ok: true, plan: { kind: 'new', name: owner.name } };
    }
  }
}

/** The owner in words, as the builder, the review step and the result say it. */
export function ownerWords(plan: { kind: OwnerPlan['kind']; name: string }): string {
  switch (plan.kind) {
    case 'console':
      return `${plan.name} (the console’s InfluxDB user)`;
    case 'existing':
      return `${plan.name} (an existing InfluxDB user)`;
    case 'new':
      return `${plan.name} (a new InfluxDB user, created with the token)`;
  }
}
