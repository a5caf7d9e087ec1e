// The response recorder (support/route-recorder.ts) against a local HTTP server the test drives:
// the server holds a response until the page has navigated away or been closed, then hangs up or
// answers late. None of that may fail the test (before the recorder caught them, the first case
// failed with "route.fetch: socket hang up" and the closed one with "Request context disposed");
// a request the page does wait for must still fail visibly in the page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordThroughRoute } from './support/route-recorder';
import { expect, test } from './support/test';

type Release = 'hang up' | 'answer late';

/** A server whose /slow answer waits for `release`, and which tells when /slow has arrived. */
async function heldServer() {
  let arrived!: () => void;
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
  let release!: (how: Release) => void;
  const released = new Promise<Release>((resolve) => (release = resolve));
  const html = (title: string, script = '') => `<!doctype html><title>${title}</title><script>${script}</script>`;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/slow') {
      arrived();
      void released.then((how) => (how === 'hang up' ? req.socket.destroy() : res.end('late')));
    } else if (path === '/broken') {
      req.socket.destroy();
    } else {
      res.setHeader('content-type', 'text/html');
      const target = path === '/start' ? '/slow' : path === '/waits' ? '/broken' : null;
      res.end(
        target
          ? html(
              path,
              `fetch('${target}').then((r) => r.text()).then((t) => { document.title = 'got ' + t; }, () => { document.title = 'network error'; });`,
            )
          : html('elsewhere'),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { origin, slowArrived, release, close };
}

for (const how of ['hang up', 'answer late'] as const) {
  test(`a recorded request the page abandons by navigating does not fail the test (server: ${how})`, async ({ page }) => {
    const server = await heldServer();
    try {
      const recorder = await recordThroughRoute(page);
      await page.goto(`${server.origin}/start`);
      await server.slowArrived; // the route is now fetching /slow for a page that will not wait
      await page.goto(`${server.origin}/elsewhere`);
      await expect(page).toHaveTitle('elsewhere');
      server.release(how);
      const outcome = await recorder.settled((url) => url.pathname === '/slow');
      if (how === 'hang up') {
        expect(outcome.kind).toBe('dropped');
        expect(recorder.responses.map((r) => new URL(r.url).pathname)).not.toContain('/slow');
      } else {
        // The server's answer is recorded whether or not the browser still took it.
        expect(recorder.responses.find((r) => new URL(r.url).pathname === '/slow')?.body.toString()).toBe('late');
      }
      // The route goes on recording afterwards.
      await page.goto(`${server.origin}/again`);
      expect((await recorder.settled((url) => url.pathname === '/again')).kind).toBe('delivered');
    } finally {
      await server.close();
    }
  });
}

test('a recorded request in flight when its context closes does not fail the test', async ({ browser }) => {
  const server = await heldServer();
  try {
    const context = await browser.newContext();
    const recorder = await recordThroughRoute(context);
    const page = await context.newPage();
    await page.goto(`${server.origin}/start`);
    await server.slowArrived;
    await context.close();
    server.release('answer late');
    const outcome = await recorder.settled((url) => url.pathname === '/slow');
    expect(outcome.kind === 'dropped' && outcome.dropped.error).toMatch(/disposed|closed/i);
  } finally {
    await server.close();
  }
});

test('a recorded request the page waits for fails in the page when the server hangs up', async ({ page }) => {
  const server = await heldServer();
  try {
    const recorder = await recordThroughRoute(page);
    await page.goto(`${server.origin}/waits`);
    await expect(page).toHaveTitle('network error');
    const outcome = await recorder.settled((url) => url.pathname === '/broken');
    expect(outcome.kind).toBe('dropped');
    expect(recorder.dropped.map((d) => new URL(d.url).pathname)).toEqual(['/broken']);
  } finally {
    await server.close();
  }
});
