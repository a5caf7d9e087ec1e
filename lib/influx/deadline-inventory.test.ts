// The deadline inventory: every page and JSON route under app/ gives all its InfluxDB calls one
// deadline (lib/influx/deadline.ts, issue 16), or is listed below with the reason it makes none.
// Without it a page whose InfluxDB stopped answering waits each call's own timeout and its retries
// in turn. Pages and routes are found on disk, so a new one cannot forget it: it fails here until
// it exports its default through underDeadline (a route: is made with defineReadRoute, which runs
// its handler under one deadline) or is added to a list with a reason.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Pages that make no InfluxDB call, and why. */
const PAGES_WITHOUT_INFLUXDB: Record<string, string> = {
  'app/page.tsx': 'only redirects to /tokens',
  'app/denied/page.tsx': 'static words about the role needed',
  'app/signin/page.tsx': 'the session and the configuration only',
  'app/(console)/requests/page.tsx':
    "the console's own database only (requests, the expiry sweep); connection labels come from the configuration",
};

/** Route handlers not made with defineReadRoute, and why they need no request deadline. */
const ROUTES_WITHOUT_READ_ROUTE: Record<string, string> = {
  'app/api/auth/[...nextauth]/route.ts': 'sign-in: the session, the users file or the identity provider, never InfluxDB',
  'app/api/audit/export/route.ts': "streams the console's own database",
  'app/api/health/route.ts': 'answers from the readiness probe, which has its own budget (lib/health/readiness.ts)',
  'app/api/health/live/route.ts': 'answers without asking anything',
};

const ROOT = join(__dirname, '..', '..');
const APP = join(ROOT, 'app');
const files = (readdirSync(APP, { recursive: true }) as string[]).map((f) => relative(ROOT, join(APP, f)));
const pages = files.filter((f) => /(^|\/)page\.tsx$/.test(f)).sort();
const routes = files.filter((f) => /(^|\/)route\.ts$/.test(f)).sort();
const source = (f: string) => readFileSync(join(ROOT, f), 'utf8');

describe('one deadline per page', () => {
  it('finds the pages on disk', () => {
    expect(pages).toContain('app/(console)/tokens/page.tsx');
    expect(pages.length).toBeGreaterThanOrEqual(15);
  });

  for (const page of pages) {
    it(`${page}: exports its default through underDeadline, or makes no InfluxDB call`, () => {
      const text = source(page);
      const wrapped = /^export default underDeadline\(\w+\);$/m.test(text);
      const defaults = text.match(/^export default /gm)?.length ?? 0;
      if (page in PAGES_WITHOUT_INFLUXDB) {
        expect(wrapped, `${page} is listed as making no InfluxDB call: take it off the list`).toBe(false);
        return;
      }
      expect(wrapped, `${page}: end it with \`export default underDeadline(Page)\`, or list it with a reason`).toBe(true);
      expect(defaults, `${page} has another default export`).toBe(1);
    });
  }

  it('lists only pages that exist', () => {
    expect(Object.keys(PAGES_WITHOUT_INFLUXDB).filter((p) => !pages.includes(p))).toEqual([]);
  });

  it('a listed page imports nothing that asks InfluxDB', () => {
    const asksInfluxDB = /from '@\/lib\/(influx\/(server|catalog|connection-report)|connections\/(resolve-scope|overview))'/;
    for (const page of Object.keys(PAGES_WITHOUT_INFLUXDB)) expect(source(page), page).not.toMatch(asksInfluxDB);
  });
});

describe('one deadline per JSON route', () => {
  it('finds the routes on disk', () => {
    expect(routes).toContain('app/api/influx-users/route.ts');
  });

  for (const route of routes) {
    it(`${route}: is made with defineReadRoute, or needs no request deadline`, () => {
      const made = /^export const GET = defineReadRoute\(/m.test(source(route));
      expect(made || route in ROUTES_WITHOUT_READ_ROUTE, `${route}: make it with defineReadRoute, or list it with a reason`).toBe(true);
    });
  }

  it('defineReadRoute runs the handler under one deadline', () => {
    expect(source('lib/api/read-route.ts')).toMatch(/await withDeadline\(\(\) => handler\(/);
  });

  it('lists only routes that exist', () => {
    expect(Object.keys(ROUTES_WITHOUT_READ_ROUTE).filter((r) => !routes.includes(r))).toEqual([]);
  });
});
