import { describe, expect, it } from 'vitest';
import { v1EnvFileContent, v1EnvFileName, v1TestCommand } from './snippets';

describe('v1 snippets', () => {
  it('the test command signs in to /query with Basic auth and asks SHOW DATABASES', () => {
    expect(v1TestCommand('http://influx:8086/', 'grafana', 'Abc123')).toBe(
      `curl -sS -G -w '\\nHTTP %{http_code}\\n' 'http://influx:8086/query' -u 'grafana:Abc123' --data-urlencode 'q=SHOW DATABASES'`,
    );
  });

  it('a quote in the URL cannot end the shell word', () => {
    expect(v1TestCommand("http://x/'; rm -rf ~; '", 'u', 'p')).toContain(`'http://x/'\\''; rm -rf ~; '\\''/query'`);
  });

  it('the .env file holds URL, username and password, quoted', () => {
    expect(
      v1EnvFileContent({ username: 'grafana', id: 'a000000000000001', orgName: 'acme', password: 'Abc$1' }, 'http://influx:8086'),
    ).toBe(
      [
        '# InfluxDB v1 credential "grafana" (id a000000000000001, org acme), created with Influx Token Console',
        'INFLUX_URL="http://influx:8086"',
        'INFLUX_USERNAME="grafana"',
        'INFLUX_PASSWORD="Abc\\$1"',
        '',
      ].join('\n'),
    );
    expect(v1EnvFileName('Grafana.prod')).toBe('influx-v1-grafana-prod.env');
  });
});
