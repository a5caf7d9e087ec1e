// The one-connection shorthand: without CONSOLE_CONNECTIONS_FILE, the INFLUX_* variables make the
// connection `default`, exactly as the console worked before connections existed.
import { DEFAULT_CONNECTION_ID, type ConnectionSet } from './model';

export interface InfluxVariables {
  INFLUX_URL: string;
  INFLUX_TOKEN: string;
  INFLUX_TOKEN_ID: string;
  INFLUX_ORG: string;
  INFLUX_TIMEOUT_MS: number;
}

export function connectionsFromEnv(env: InfluxVariables): ConnectionSet {
  return {
    defaultId: DEFAULT_CONNECTION_ID,
    connections: [
      {
        id: DEFAULT_CONNECTION_ID,
        label: 'InfluxDB',
        colour: 'gray',
        url: env.INFLUX_URL,
        token: env.INFLUX_TOKEN,
        tokenID: env.INFLUX_TOKEN_ID,
        org: env.INFLUX_ORG,
        timeoutMs: env.INFLUX_TIMEOUT_MS,
      },
    ],
  };
}
