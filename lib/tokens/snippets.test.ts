import { describe, expect, it } from 'vitest';
import { curlTestCommand, envFileContent, envFileName, envQuote } from './snippets';

describe('copy-once snippets', () => {
  const t = {
    description: 'edge "writer" $1',
    id: '0123456789abcdef',
    orgName: 'acme corp',
    orgID: 'fedcba9876543210',
    token: 'abc/def+ghi==',
  };
  it('writes a .env file that quotes every value', () => {
    expect(envFileContent(t, 'http://127.0.0.1:8086')).toBe(
      [
        '# InfluxDB API token "edge "writer" $1" (id 0123456789abcdef), created with Influx Token Console',
        'INFLUX_URL="http://127.0.0.1:8086"',
        'INFLUX_ORG="acme corp"',
        'INFLUX_ORG_ID="fedcba9876543210"',
        'INFLUX_TOKEN="abc/def+ghi=="',
        '',
      ].join('\n'),
    );
    expect(envQuote('a"b$c`d\\e')).toBe('"a\\"b\\$c\\`d\\\\e"');
  });
  it('names the file after the description', () => {
    expect(envFileName('Telegraf on edge-01!')).toBe('influx-token-telegraf-on-edge-01.env');
    expect(envFileName('***')).toBe('influx-token.env');
  });
  it('builds a curl command that only lists buckets', () => {
    expect(curlTestCommand('http://h:8086/', 'fedcba9876543210', 'abc')).toBe(
      `curl -sS -w '\\nHTTP %{http_code}\\n' 'http://h:8086/api/v2/buckets?orgID=fedcba9876543210' -H 'Authorization: Token abc'`,
    );
  });
});
