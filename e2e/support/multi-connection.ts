// A console with a connections file (issue 11) next to the run's main one: connection `primary` on
// the run's influxd (hashed tokens), `edge` on a second influxd started here with
// --use-hashed-tokens=false, and `gone` on a port nobody listens on. Both servers get a second org
// and a console credential for every org (influxd refuses permissions naming another org than the
// credential's own, so those name none). The main console's credential sees only the first org
// there, so nothing planted in org2 shows in the other specs. Same build, users file and secret.
// On `edge` only admins may act (the connections file's `roles`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInfluxd, type InfluxInstance } from '../../scripts/influxd/harness';
import { allOrgsCredential, createOrg } from '../../scripts/influxd/second-org';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './console-server';
import type { Stack } from './stack';

export interface Side {
  inst: Omit<InfluxInstance, 'stop'>;
  org2: string;
  org2Name: string;
  cred: { token: string; id: string };
}

export interface MultiConnection {
  baseURL: string;
  primary: Side;
  edge: Side;
  running: RunningConsole;
  stop(): Promise<void>;
}

export async function startMultiConnectionConsole(stack: Stack): Promise<MultiConnection> {
  const dir = mkdtempSync(join(tmpdir(), 'itc-e2e-connections-'));
  const edgeInst = await startInfluxd({ hashedTokens: false });
  try {
    const side = async (inst: Omit<InfluxInstance, 'stop'>, org2Name: string): Promise<Side> => ({
      inst,
      org2: (await createOrg(inst, org2Name)).orgID,
      org2Name,
      cred: await allOrgsCredential(inst),
    });
    // The run's influxd may already have an org2 from an earlier spec run on a kept stack: a name of
    // its own each time.
    const suffix = Date.now().toString(36);
    const [primary, edge] = await Promise.all([side(stack.influx, `org2-${suffix}`), side(edgeInst, 'org2')]);
    const file = join(dir, 'connections.yaml');
    writeFileSync(
      file,
      `default: primary
connections:
  - id: primary
    label: production
    colour: red
    url: ${primary.inst.url}
    tokenEnv: E2E_PRIMARY_TOKEN
    tokenId: ${primary.cred.id}
    org: ${primary.inst.org}
  - id: edge
    label: edge site
    colour: teal
    url: ${edge.inst.url}
    tokenEnv: E2E_EDGE_TOKEN
    tokenIdEnv: E2E_EDGE_TOKEN_ID
    org: ${edge.inst.org}
    roles: [admin]
  - id: gone
    label: decommissioned
    url: http://127.0.0.1:9
    tokenEnv: E2E_EDGE_TOKEN
    tokenId: 0000000000000000
    org: acme
    timeoutMs: 1000
`,
      { mode: 0o600 },
    );
    const port = await freePort();
    const baseURL = `http://localhost:${port}`;
    const env = consoleEnv({ influx: stack.influx, baseURL, dir, usersFile: stack.usersFile });
    for (const k of ['INFLUX_URL', 'INFLUX_TOKEN', 'INFLUX_TOKEN_ID', 'INFLUX_ORG']) delete env[k];
    Object.assign(env, {
      CONSOLE_CONNECTIONS_FILE: file,
      E2E_PRIMARY_TOKEN: primary.cred.token,
      E2E_EDGE_TOKEN: edge.cred.token,
      E2E_EDGE_TOKEN_ID: edge.cred.id,
      CONSOLE_MINT_PER_MINUTE: '300',
    });
    const running = await startConsole(env, port, dir);
    return {
      baseURL,
      primary,
      edge,
      running,
      stop: async () => {
        await running.stop();
        await edgeInst.stop();
        if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await edgeInst.stop();
    throw error;
  }
}
