// Malformed bodies posted to the real mint action of the production build, as a script would. Next
// refuses them before any action code runs, with a bare 500 and a digest; proxy.ts answers the too
// large ones first (lib/security/action-body.ts) with 413 and the actions' result shape, whether
// they declare their length or not. Nothing may be minted either way, read back from InfluxDB with
// the operator token.
import { TOO_LARGE } from '../lib/security/action-body';
import { parseFlightResult } from './support/console-http';
import { authorizationsDescribed } from '../scripts/influxd/operator';
import { MINT_PAGE, mintActionId, sessionCookie, uniq } from './support/mint';
import { expect, test } from './support/test';
import type { Stack } from './support/stack';

const grant = { type: 'dashboards', action: 'read', scope: { kind: 'all' } };
const form = (stack: Stack, description: string, permissions: number) => ({
  formKey: crypto.randomUUID(),
  orgID: stack.influx.orgID,
  description,
  status: 'active',
  owner: { kind: 'console' },
  grants: Array.from({ length: permissions }, () => grant),
  confirmSensitive: false,
});

async function post(stack: Stack, body: string | ReadableStream<Uint8Array>) {
  const res = await fetch(`${stack.baseURL}${MINT_PAGE}`, {
    method: 'POST',
    // A stream is sent in chunks, without Content-Length.
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    headers: {
      'Next-Action': mintActionId(),
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
      Cookie: sessionCookie('admin'),
      Origin: stack.baseURL,
    },
    body,
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

test('a createToken body with 10,000 permissions is refused with 413 and words, and mints nothing', async ({ stack }) => {
  const description = uniq('e2e 10k grants');
  const body = JSON.stringify([form(stack, description, 10_000)]);
  expect(body.length).toBeGreaterThan(256 * 1024);
  const res = await post(stack, body);
  expect(res.status).toBe(413);
  expect(res.contentType).toMatch(/^application\/json/);
  expect(JSON.parse(res.text)).toEqual(TOO_LARGE.result);
  expect(await authorizationsDescribed(stack.influx, description)).toEqual([]);
});

test('the same body sent in chunks, without a declared length, is refused with 413 too', async ({ stack }) => {
  const description = uniq('e2e 10k grants chunked');
  const bytes = new TextEncoder().encode(JSON.stringify([form(stack, description, 10_000)]));
  const chunks = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024));
      controller.close();
    },
  });
  const res = await post(stack, chunks);
  expect(res.status).toBe(413);
  expect(JSON.parse(res.text)).toEqual(TOO_LARGE.result);
  expect(await authorizationsDescribed(stack.influx, description)).toEqual([]);
});

test('a body that is not a JSON array never runs the action with it, and mints nothing', async ({ stack }) => {
  // The proxy no longer reads small action bodies (lib/security/action-body.ts). Next.js refuses
  // what is not JSON with its own bare 500; a JSON object gives the action no arguments at all,
  // which the wrapper's schema refuses with words.
  const description = uniq('e2e cut short');
  const whole = JSON.stringify([form(stack, description, 1)]);
  for (const body of [whole.slice(0, whole.length - 5), 'this is not json']) {
    const res = await post(stack, body);
    expect(res.status, body).toBe(500);
    expect(res.text, body).not.toContain(description);
  }
  const object = await post(stack, JSON.stringify(form(stack, description, 1)));
  expect(object.status).toBe(200);
  expect(parseFlightResult(object.text)).toMatchObject({ ok: false, code: 'invalid-input' });
  expect(await authorizationsDescribed(stack.influx, description)).toEqual([]);
});

test('a well-formed body within the size limit still reaches the action, which refuses 2,000 permissions itself', async ({ stack }) => {
  // The control: a body of six digits' length runs the proxy (its matcher), which lets it through
  // whole to the action.
  const description = uniq('e2e 2k grants');
  const body = JSON.stringify([form(stack, description, 2_000)]);
  expect(body.length).toBeGreaterThanOrEqual(100_000);
  expect(body.length).toBeLessThan(256 * 1024);
  const res = await post(stack, body);
  expect(res.status).toBe(200);
  expect(parseFlightResult(res.text)).toMatchObject({
    ok: false,
    code: 'invalid-input',
    fieldErrors: { grants: ['At most 200 permissions.'] },
  });
  expect(await authorizationsDescribed(stack.influx, description)).toEqual([]);
});
