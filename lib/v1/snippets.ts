// Text the copy-once dialog offers next to a new v1 password: a curl command that signs in to
// /query with it, and a .env file. Pure; the dialog passes the secret in and keeps the result
// nowhere. The username and password are letters, digits and . _ @ - (form-schema.ts,
// password.ts), so they need no quoting inside single quotes; the URL is quoted anyway.
import { envQuote } from '@/lib/tokens/snippets';

const sq = (s: string) => s.replace(/'/g, `'\\''`);

/**
 * SHOW DATABASES lists the buckets the login may read (checked on influxd 2.9.1); a wrong or
 * inactive login, or an inactive owner, gets 401 "Unauthorized". It reads no data, writes nothing.
 */
export function v1TestCommand(influxUrl: string, username: string, password: string): string {
  const url = `${influxUrl.replace(/\/+$/, '')}/query`;
  return `curl -sS -G -w '\\nHTTP %{http_code}\\n' '${sq(url)}' -u '${sq(username)}:${sq(password)}' --data-urlencode 'q=SHOW DATABASES'`;
}

export function v1EnvFileContent(c: { username: string; id: string; orgName: string; password: string }, influxUrl: string): string {
  return [
    `# InfluxDB v1 credential "${c.username}" (id ${c.id}, org ${c.orgName.replace(/[\r\n]/g, ' ')}), created with Influx Token Console`,
    `INFLUX_URL=${envQuote(influxUrl)}`,
    `INFLUX_USERNAME=${envQuote(c.username)}`,
    `INFLUX_PASSWORD=${envQuote(c.password)}`,
    '',
  ].join('\n');
}

export const v1EnvFileName = (username: string) => `influx-v1-${username.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.env`;
