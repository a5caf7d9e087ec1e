import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CONNECTION_COLOURS } from './model';
import { describeFileProblem, parseConnectionsFile } from './parse-file';

const env = {
  INFLUX_TOKEN_PROD: 'p'.repeat(40),
  INFLUX_TOKEN_STAGING: 's'.repeat(40),
  STAGING_TOKEN_ID: '0a1b2c3d4e5f6071',
};
const opts = { defaultTimeoutMs: 10_000 };

const good = `# two servers
default: staging
connections:
  - id: production
    label: production
    colour: red
    url: https://influx.prod.acme.internal:8086/
    tokenEnv: INFLUX_TOKEN_PROD
    tokenId: 1111111111111111
    org: acme
    timeoutMs: 5000
  - id: staging
    label: staging
    url: http://127.0.0.1:8087
    tokenEnv: INFLUX_TOKEN_STAGING
    tokenIdEnv: STAGING_TOKEN_ID
    org: acme-staging
`;

function problemsOf(text: string, e: Record<string, string | undefined> = env) {
  const r = parseConnectionsFile(text, e, opts);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('parseConnectionsFile', () => {
  it('reads named connections with their credentials from the environment', () => {
    const r = parseConnectionsFile(good, env, opts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.set.defaultId).toBe('staging');
    expect(r.set.connections).toEqual([
      {
        id: 'production',
        label: 'production',
        colour: 'red',
        url: 'https://influx.prod.acme.internal:8086',
        token: env.INFLUX_TOKEN_PROD,
        tokenID: '1111111111111111',
        org: 'acme',
        timeoutMs: 5000,
      },
      {
        id: 'staging',
        label: 'staging',
        colour: 'gray',
        url: 'http://127.0.0.1:8087',
        token: env.INFLUX_TOKEN_STAGING,
        tokenID: env.STAGING_TOKEN_ID,
        org: 'acme-staging',
        timeoutMs: 10_000,
      },
    ]);
  });

  it('reads which console roles may act on a connection', () => {
    const r = parseConnectionsFile(good.replace('    timeoutMs: 5000\n', '    timeoutMs: 5000\n    roles: [admin]\n'), env, opts);
    expect(r.ok && r.set.connections.map((c) => c.roles)).toEqual([['admin'], undefined]);
    const bad = problemsOf(good.replace('    timeoutMs: 5000\n', '    timeoutMs: 5000\n    roles: [owner]\n'));
    expect(bad[0]).toMatchObject({ line: 12, field: 'connections[0] (production).roles.0' });
  });

  it('makes the first connection the default when the file names none', () => {
    const r = parseConnectionsFile(good.replace('default: staging\n', ''), env, opts);
    expect(r.ok && r.set.defaultId).toBe('production');
  });

  it('refuses a token written in the file, on its line, without repeating it', () => {
    const literal = 'Zm9vYmFyLXRoaXMtaXMtYS10b2tlbi12YWx1ZQ==';
    const text = good.replace('    org: acme\n', `    org: acme\n    token: ${literal}\n`);
    const problems = problemsOf(text);
    expect(problems).toEqual([
      {
        line: 11,
        field: 'connections[0] (production).token',
        message: expect.stringMatching(/must not be written in this file.*tokenEnv/),
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain(literal);
  });

  it('refuses a token given where the variable name belongs, without repeating it', () => {
    const literal = 'Zm9vYmFyLXRoaXMtaXMtYS10b2tlbi12YWx1ZQ==';
    const problems = problemsOf(good.replace('tokenEnv: INFLUX_TOKEN_PROD', `tokenEnv: ${literal}`));
    expect(problems).toEqual([
      { line: 8, field: 'connections[0] (production).tokenEnv', message: expect.stringMatching(/name of an environment variable/) },
    ]);
    expect(JSON.stringify(problems)).not.toContain(literal);
  });

  it.each([
    ['a bad url', good.replace('http://127.0.0.1:8087', '127.0.0.1:8087'), 14, 'connections[1] (staging).url', /url must/],
    [
      'an unknown colour',
      good.replace('colour: red', 'colour: crimson'),
      6,
      'connections[0] (production).colour',
      /colour must be one of gray, red/,
    ],
    ['a missing org', good.replace('    org: acme-staging\n', ''), 12, 'connections[1] (staging).org', /org is required/],
    ['a duplicate id', good.replace('id: staging', 'id: production'), 12, 'connections[1] (production).id', /used twice/],
    ['an unknown default', good.replace('default: staging', 'default: edge'), 2, 'default', /not the id of a connection/],
    ['the reserved id', good.replace('id: staging', 'id: all'), 12, 'connections[1] (all).id', /reserved/],
    [
      'an unknown field',
      good.replace('    timeoutMs: 5000\n', '    timout: 5000\n'),
      11,
      'connections[0] (production).timout',
      /unknown field "timout"/,
    ],
    ['a short timeout', good.replace('timeoutMs: 5000', 'timeoutMs: 50'), 11, 'connections[0] (production).timeoutMs', /at least 500/],
    [
      'both id fields',
      good.replace('    tokenId: 1111111111111111\n', '    tokenId: 1111111111111111\n    tokenIdEnv: X\n'),
      9,
      'connections[0] (production).tokenId',
      /exactly one/,
    ],
    [
      'an unset variable',
      good.replace('INFLUX_TOKEN_STAGING', 'INFLUX_TOKEN_EDGE'),
      15,
      'connections[1] (staging).tokenEnv',
      /INFLUX_TOKEN_EDGE, which is not set/,
    ],
    [
      'a bad id variable',
      good,
      16,
      'connections[1] (staging).tokenIdEnv',
      /STAGING_TOKEN_ID .* 16-hex-digit/,
      { ...env, STAGING_TOKEN_ID: 'nope' },
    ],
    // yaml notices the unclosed list where the next key begins
    ['broken YAML', good.replace('    label: staging\n', '    label: [staging\n'), 14, 'file', /not valid YAML/],
  ])('names the line and the field for %s', (_what, text, line, field, message, e = env) => {
    const problems = problemsOf(text, e);
    expect(problems[0]).toMatchObject({ line, field });
    expect(problems[0]!.message).toMatch(message);
  });

  it('says an empty file lists no connections', () => {
    expect(problemsOf('')[0]!.message).toMatch(/empty/);
    expect(problemsOf('connections: []\n')[0]).toMatchObject({
      line: 1,
      field: 'connections',
      message: expect.stringMatching(/at least one/),
    });
  });

  it('describes a problem as file, line, field and message', () => {
    expect(describeFileProblem('/etc/c.yaml', { line: 3, field: 'connections[0].url', message: 'url must start with http://' })).toBe(
      '/etc/c.yaml line 3, connections[0].url: url must start with http://',
    );
  });
});

const slug = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/).filter((s) => s !== 'all');
const hex16 = fc.stringMatching(/^[0-9a-f]{16}$/);
const entryArb = fc.record({
  label: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0 && s.trim() === s),
  colour: fc.constantFrom(...CONNECTION_COLOURS),
  port: fc.integer({ min: 1024, max: 65535 }),
  tokenId: hex16,
  org: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0 && s.trim() === s),
  timeoutMs: fc.option(fc.integer({ min: 500, max: 120_000 }), { nil: undefined }),
});
const fileArb = fc
  .uniqueArray(slug, { minLength: 1, maxLength: 5 })
  .chain((ids) => fc.tuple(fc.constant(ids), fc.array(entryArb, { minLength: ids.length, maxLength: ids.length }), fc.nat(ids.length - 1)));

describe('parseConnectionsFile, for any file', () => {
  it('reads back every connection written with the yaml library, the named one as default', () => {
    fc.assert(
      fc.property(fileArb, ([ids, entries, defaultIndex]) => {
        const file = {
          default: ids[defaultIndex],
          connections: ids.map((id, i) => ({
            id,
            label: entries[i]!.label,
            colour: entries[i]!.colour,
            url: `http://127.0.0.1:${entries[i]!.port}`,
            tokenEnv: `TOKEN_${i}`,
            tokenId: entries[i]!.tokenId,
            org: entries[i]!.org,
            ...(entries[i]!.timeoutMs !== undefined ? { timeoutMs: entries[i]!.timeoutMs } : {}),
          })),
        };
        const tokens = Object.fromEntries(ids.map((_, i) => [`TOKEN_${i}`, `secret-token-value-${i}`.padEnd(24, 'x')]));
        const r = parseConnectionsFile(stringify(file), tokens, opts);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.set.defaultId).toBe(ids[defaultIndex]);
        expect(r.set.connections.map((c) => [c.id, c.label, c.colour, c.org, c.tokenID, c.timeoutMs, c.token])).toEqual(
          file.connections.map((c, i) => [c.id, c.label, c.colour, c.org, c.tokenId, c.timeoutMs ?? 10_000, tokens[`TOKEN_${i}`]]),
        );
      }),
    );
  });

  it('puts a bad url on the line of that url, and never repeats a credential', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), ([ids, entries], pick) => {
        const bad = pick % ids.length;
        const file = {
          connections: ids.map((id, i) => ({
            id,
            label: entries[i]!.label,
            url: i === bad ? `127.0.0.1:${entries[i]!.port}` : `http://127.0.0.1:${entries[i]!.port}`,
            tokenEnv: `TOKEN_${i}`,
            tokenId: entries[i]!.tokenId,
            org: entries[i]!.org,
          })),
        };
        const text = stringify(file);
        const tokens = Object.fromEntries(ids.map((_, i) => [`TOKEN_${i}`, `secret-token-value-${i}`.padEnd(24, 'x')]));
        const r = parseConnectionsFile(text, tokens, opts);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.problems).toHaveLength(1);
        const { line, field } = r.problems[0]!;
        expect(field).toBe(`connections[${bad}] (${ids[bad]}).url`);
        expect(text.split('\n')[line! - 1]).toMatch(/url: /);
        expect(text.split('\n')[line! - 1]).toContain(`127.0.0.1:${entries[bad]!.port}`);
        for (const t of Object.values(tokens)) expect(JSON.stringify(r.problems)).not.toContain(t);
      }),
    );
  });
});
