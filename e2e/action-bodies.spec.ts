// Malformed bodies posted to the real mint action of the production build, as a script would. Next
// refuses them before any action code runs, with a bare 500 and a digest; proxy.ts answers them
// first (lib/security/action-body.ts) with 413 or 400 and the actions' result shape. Nothing may be
// minted either way, read back from InfluxDB with the operator token.
import { NOT_JSON_ARRAY, TOO_LARGE } from '../lib/security/action-body';
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

async function post(stack: Stack, body: string) {
  const res = await fetch(`${stack.baseURL}${MINT_PAGE}`, {
    method: 'POST',
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

test('a body that is not a JSON array is refused with 400 and words, and mints nothing', async ({ stack }) => {
  const description = uniq('e2e cut short');
  const whole = JSON.stringify([form(stack, description, 1)]);
  for (const body of [whole.slice(0, whole.length - 5), 'this is not json', JSON.stringify(form(stack, description, 1))]) {
    const res = await post(stack, body);
    expect(res.status, body).toBe(400);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(res.text)).toEqual(NOT_JSON_ARRAY.result);
  }
  expect(await authorizationsDescribed(stack.influx, description)).toEqual([]);
});

test('a well-formed body within the size limit still reaches the action, which refuses 1,000 permissions itself', async ({ stack }) => {
  // The control: the proxy read this body too, and the action got all of it.
  const description = uniq('e2e 1k grants');
  const res = await post(stack, JSON.stringify([form(stack, description, 1_000)]));
  expect(res.status).toBe(200);
  expect(parseFlightResult(res.text)).toMatchObject({
    ok: false,
    code: 'invalid-input',
    fieldErrors: { grants: ['At most 200 permissions.'] },
  });
  expect(await authorizationsDescribed(stack.influx, description)).toEqual([]);
});
