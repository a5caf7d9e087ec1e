// Text the copy-once dialog offers next to a new token: a .env file and a curl command that tests
// it. Pure; the dialog passes the secret in and keeps the result nowhere.

/** Double-quoted .env value: backslash, quote, dollar and backtick escaped (dotenv and sh agree). */
export function envQuote(value: string): string {
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

export function envFileContent(
  t: { description: string; id: string; orgName: string; orgID: string; token: string },
  influxUrl: string,
): string {
  return [
    `# InfluxDB API token "${t.description.replace(/[\r\n]/g, ' ')}" (id ${t.id}), created with Influx Token Console`,
    `INFLUX_URL=${envQuote(influxUrl)}`,
    `INFLUX_ORG=${envQuote(t.orgName)}`,
    `INFLUX_ORG_ID=${envQuote(t.orgID)}`,
    `INFLUX_TOKEN=${envQuote(t.token)}`,
    '',
  ].join('\n');
}

export function envFileName(description: string): string {
  const slug = description
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `influx-token${slug ? `-${slug}` : ''}.env`;
}

/**
 * Lists the buckets the token can read; an unknown token gets 401. influxd 2.9.1 answers 200 with
 * an empty list both for a token that may read no bucket and for an inactive one (observed), so
 * the dialog says so. It reads nothing else and writes nothing.
 */
export function curlTestCommand(influxUrl: string, orgID: string, token: string): string {
  const url = `${influxUrl.replace(/\/+$/, '')}/api/v2/buckets?orgID=${orgID}`;
  return `curl -sS -w '\\nHTTP %{http_code}\\n' '${url}' -H 'Authorization: Token ${token.replace(/'/g, `'\\''`)}'`;
}
