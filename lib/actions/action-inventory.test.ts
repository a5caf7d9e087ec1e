// The action inventory: every server action in app/ is made with defineAction, and every one has
// rows in the operation policy table (e2e/support/policy-table.ts) that e2e/policy-table.spec.ts
// posts to the running console. A new action without rows fails here, so it cannot ship with no
// decision on who may run it. The actions files are found on disk, not listed by hand.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ACTIONS_WITH_ROWS, POLICY_ROWS } from '@/e2e/support/policy-table';

// Importing an actions file runs no action: these edges are only there so the modules load.
vi.mock('next/headers', () => ({ headers: async () => new Headers(), cookies: async () => new Map() }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/lib/auth/session', () => ({ getCurrentUser: async () => null }));

const dataDir = mkdtempSync(join(tmpdir(), 'itc-inventory-'));
process.env.INFLUX_URL = 'http://127.0.0.1:9';
process.env.INFLUX_TOKEN = 'unit-test-credential-not-real';
process.env.INFLUX_TOKEN_ID = '0123456789abcdef';
process.env.INFLUX_ORG = 'acme';
process.env.AUTH_SECRET = 'unit-test-auth-secret-0123456789abcdef';
process.env.CONSOLE_USERS_FILE = join(dataDir, 'users.json');
process.env.CONSOLE_DATA_DIR = dataDir;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ROOT = join(__dirname, '..', '..');
const APP = join(ROOT, 'app');
const filesUnder = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).map((f) => join(dir, f));
const isSource = (f: string) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f);
/** A 'use server' directive anywhere (a module's, or an inline action's inside a component). */
const usesServer = (f: string) => /['"]use server['"]/.test(readFileSync(f, 'utf8'));

const actionFiles = filesUnder(APP).filter((f) => /(^|\/)actions\.ts$/.test(f));
const { ACTION_MARK } = await import('./define-action');

describe('the action inventory', () => {
  it('finds the actions files on disk', () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(4);
  });

  it('"use server" appears only in app/**/actions.ts (so the imports below see every action)', () => {
    const serverModules = ['app', 'lib', 'components']
      .flatMap((d) => filesUnder(join(ROOT, d)))
      .filter(isSource)
      .filter(usesServer);
    expect(serverModules.map((f) => relative(ROOT, f)).sort()).toEqual(actionFiles.map((f) => relative(ROOT, f)).sort());
  });

  const seen = new Map<string, string>();
  for (const file of actionFiles) {
    const rel = relative(ROOT, file);
    it(`${rel}: every export is a defineAction action with rows in the policy table`, async () => {
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const exports = Object.entries(mod);
      expect(exports.length, `${rel} exports nothing`).toBeGreaterThan(0);
      for (const [exportName, value] of exports) {
        const where = `${rel} export ${exportName}`;
        expect(typeof value, where).toBe('function');
        const mark = (value as Record<symbol, { name: string } | undefined>)[ACTION_MARK];
        expect(mark, `${where} is not made with defineAction`).toBeDefined();
        expect(ACTIONS_WITH_ROWS.has(mark!.name), `${where} (${mark!.name}) has no rows in e2e/support/policy-table.ts`).toBe(true);
        expect(seen.get(mark!.name), `${mark!.name} is the name of two actions`).toBeUndefined();
        seen.set(mark!.name, where);
      }
    });
  }

  it('the table names no action that does not exist', async () => {
    const names = new Set<string>();
    for (const file of actionFiles) {
      for (const value of Object.values((await import(/* @vite-ignore */ file)) as Record<string, unknown>)) {
        const mark = (value as Record<symbol, { name: string } | undefined>)[ACTION_MARK];
        if (mark) names.add(mark.name);
      }
    }
    expect([...ACTIONS_WITH_ROWS].filter((n) => !names.has(n))).toEqual([]);
  });

  it('every action has rows for each role and both settings', () => {
    for (const action of ACTIONS_WITH_ROWS) {
      const cells = new Set(POLICY_ROWS.filter((r) => r.action === action).map((r) => `${r.setting}/${r.role}`));
      expect(cells.size, action).toBe(6);
    }
  });
});
