import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyGrant, formGrant, influxId } from './arbitraries';
import { CHOOSE_OWNER_FIRST, cliOwnerOf, influxAuthCreateCommand, shellQuote, type CliContext } from './cli-command';
import type { Grant } from './model';
import { allAccessGrants } from './presets';
import { authorizationRequestBody } from './request-body';

const TYPES = ['authorizations', 'buckets', 'dashboards', 'orgs', 'telegrafs', 'users', 'secrets'];
const ORG = '0123456789abcdef';
const CONSOLE_USER = 'cccccccccccccccc';
const ctx: CliContext = {
  host: 'http://127.0.0.1:8086',
  orgID: ORG,
  owner: { kind: 'existing', id: CONSOLE_USER, name: 'token-console' },
  description: 'edge writer',
  status: 'active',
  resourceTypes: TYPES,
};
const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';
const readDashboards: Grant[] = [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }];

/** The words a POSIX shell makes of one line of ours: quotes removed, "$VAR" kept as written. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length;) {
    const c = line[i]!;
    if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '\\') {
      word = (word ?? '') + line[i + 1];
      i += 2;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
const after = (words: string[], flag: string) => words[words.indexOf(flag) + 1];
/** The runnable lines (shell comments dropped). */
const runnable = (lines: string[] | undefined) => (lines ?? []).filter((l) => !l.startsWith('#'));
const hosts = () => fc.webUrl({ withQueryParameters: false, withFragments: false });
const newUserNames = () => fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,20}$/);
// eslint-disable-next-line no-control-regex -- the form refuses control characters, so they are no valid input.
const descriptions = () => fc.string({ maxLength: 40 }).filter((d) => !/[\u0000-\u001f\u007f]/.test(d));

describe('influxAuthCreateCommand', () => {
  it('uses --read-bucket/--write-bucket with ids, the org id and the owner name', () => {
    const r = influxAuthCreateCommand(
      [
        { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: A, name: 'a' }] } },
        { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: B, name: 'b' }] } },
        { type: 'dashboards', action: 'read', scope: { kind: 'all' } },
      ],
      ctx,
    );
    expect(r.inexpressible).toEqual([]);
    expect(r.lines).toEqual([
      `influx auth create --host http://127.0.0.1:8086 --org-id 0123456789abcdef --user token-console --description 'edge writer' --read-bucket ${A} --read-dashboards --write-bucket ${B}`,
    ]);
  });

  it('says --all-access for exactly the All access set, and nothing else can be added to it', () => {
    expect(influxAuthCreateCommand(allAccessGrants(TYPES), ctx).lines?.[0]).toMatch(/ --all-access$/);
    const more = [
      ...allAccessGrants(TYPES),
      { type: 'buckets', action: 'read' as const, scope: { kind: 'items' as const, items: [{ id: A }] } },
    ];
    // "all" absorbs items when normalised, so this is still All access.
    expect(influxAuthCreateCommand(more, ctx).lines?.[0]).toMatch(/ --all-access$/);
  });

  it('refuses to print a command that would mint something wider', () => {
    const orgOnly = influxAuthCreateCommand([{ type: 'orgs', action: 'read', scope: { kind: 'all' } }], ctx);
    expect(orgOnly.lines).toBeUndefined();
    expect(orgOnly.inexpressible[0]).toMatch(/every organisation/);
    const owner = influxAuthCreateCommand([{ type: 'users', action: 'read', scope: { kind: 'owner' } }], ctx);
    expect(owner.lines).toBeUndefined();
    const tg = influxAuthCreateCommand([{ type: 'telegrafs', action: 'read', scope: { kind: 'items', items: [{ id: A }] } }], ctx);
    expect(tg.inexpressible[0]).toMatch(/only for buckets/);
    const unknownType = influxAuthCreateCommand([{ type: 'widgets', action: 'read', scope: { kind: 'all' } }], ctx);
    expect(unknownType.inexpressible[0]).toMatch(/no flag/);
  });

  it('quotes for a POSIX shell', () => {
    expect(shellQuote('plain-name_1.2')).toBe('plain-name_1.2');
    expect(shellQuote(`it's $HOME; rm -rf /`)).toBe(`'it'\\''s $HOME; rm -rf /'`);
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(shellWords(`${shellQuote(s)} x`)).toEqual([s, 'x']);
      }),
    );
  });
});

describe('the owner as the preview holds it', () => {
  it('is not chosen while the id is a stand-in or the new name is empty', () => {
    expect(cliOwnerOf({ id: '<the user you choose>', name: 'the user you choose' })).toEqual({ kind: 'unchosen' });
    expect(cliOwnerOf({ id: '<id of new user >', name: '' }, '  ')).toEqual({ kind: 'unchosen' });
    expect(cliOwnerOf({ id: '<id of new user ana>', name: 'ana' }, 'ana')).toEqual({ kind: 'new', name: 'ana' });
    expect(cliOwnerOf({ id: A, name: 'ana' })).toEqual({ kind: 'existing', id: A, name: 'ana' });
    // ownerView names a user by its id when the name is unknown.
    expect(cliOwnerOf({ id: A, name: A })).toEqual({ kind: 'unnamed', id: A });
  });
});

describe('edges of the CLI (checked against influx-cli cmd/influx/auth.go and user.go)', () => {
  it('before an owner is chosen, prints a comment and no command, whatever the grants', () => {
    fc.assert(
      fc.property(fc.array(anyGrant(), { maxLength: 6 }), fc.constantFrom('active' as const, 'inactive' as const), (grants, status) => {
        const r = influxAuthCreateCommand(grants, { ...ctx, status, owner: { kind: 'unchosen' } });
        expect(r.lines).toEqual([CHOOSE_OWNER_FIRST]);
        expect(runnable(r.lines)).toEqual([]);
      }),
    );
  });

  it('creates a new owner with curl exactly as the console does (no influx user create: it would add org membership)', () => {
    fc.assert(
      fc.property(hosts(), newUserNames(), descriptions(), (host, name, description) => {
        const r = influxAuthCreateCommand(readDashboards, { ...ctx, host, description, owner: { kind: 'new', name } });
        const [createUser, createToken, ...rest] = runnable(r.lines).map(shellWords);
        expect(rest).toEqual([]);
        expect(runnable(r.lines).join('\n')).not.toMatch(/influx user create|members/);
        expect(r.lines!.join('\n')).toMatch(/without org membership/);
        expect(createUser!.slice(0, 5)).toEqual(['curl', '-sS', '-X', 'POST', `${host.replace(/\/+$/, '')}/api/v2/users`]);
        expect(JSON.parse(after(createUser!, '-d')!)).toEqual({ name });
        expect(createToken!.slice(0, 3)).toEqual(['influx', 'auth', 'create']);
        expect(after(createToken!, '--user')).toBe(name);
        expect(after(createToken!, '--host')).toBe(host);
        if (description) expect(after(createToken!, '--description')).toBe(description);
      }),
    );
  });

  it('sets an inactive status with a PATCH to the same host (influx auth inactive has no --host)', () => {
    fc.assert(
      fc.property(hosts(), fc.constantFrom<CliContext['owner']>(ctx.owner, { kind: 'new', name: 'ana' }), (host, owner) => {
        const r = influxAuthCreateCommand(readDashboards, { ...ctx, host, owner, status: 'inactive' });
        const lines = runnable(r.lines).map(shellWords);
        expect(lines.some((w) => w[0] === 'influx' && w[2] === 'inactive')).toBe(false);
        const create = lines.find((w) => w[0] === 'influx')!;
        const patch = lines.at(-1)!;
        expect(patch.slice(0, 4)).toEqual(['curl', '-sS', '-X', 'PATCH']);
        const server = after(create, '--host')!.replace(/\/+$/, '');
        expect(patch[4]).toBe(`${server}/api/v2/authorizations/$AUTH_ID`);
        expect(JSON.parse(after(patch, '-d')!)).toEqual({ status: 'inactive' });
        // The line before says where AUTH_ID comes from.
        expect(r.lines![r.lines!.length - 2]).toMatch(/^# set AUTH_ID to the ID printed above/);
      }),
    );
    expect(influxAuthCreateCommand(readDashboards, ctx).lines!.join('\n')).not.toMatch(/AUTH_ID|PATCH/);
  });

  it('sends the body above with curl for an owner known only by id (influx auth create has no --user-id)', () => {
    fc.assert(
      fc.property(
        hosts(),
        influxId(),
        fc.array(formGrant(), { minLength: 1, maxLength: 6 }),
        descriptions(),
        fc.constantFrom('active' as const, 'inactive' as const),
        (host, id, grants, description, status) => {
          const r = influxAuthCreateCommand(grants, { ...ctx, host, description, status, owner: { kind: 'unnamed', id } });
          expect(r.inexpressible).toEqual([]);
          const lines = runnable(r.lines).map(shellWords);
          expect(lines).toHaveLength(1);
          const [curl] = lines;
          expect(curl!.slice(0, 5)).toEqual(['curl', '-sS', '-X', 'POST', `${host.replace(/\/+$/, '')}/api/v2/authorizations`]);
          expect(curl).not.toContain('--user');
          expect(JSON.parse(after(curl!, '-d')!)).toEqual(
            authorizationRequestBody({ orgID: ORG, description, status, grants }, { userID: id }),
          );
        },
      ),
    );
  });
});
