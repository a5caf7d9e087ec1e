// What the one copy-once dialog says and offers for a v1 credential's password (it says "token"
// by default). The subject's description is the username, so the title names the login.
import type { CopyOnceSubject, SecretKind } from '@/components/tokens/copy-once-dialog';
import { v1EnvFileContent, v1EnvFileName, v1TestCommand } from '@/lib/v1/snippets';

export interface V1Subject extends CopyOnceSubject {
  username: string;
}

export const V1_PASSWORD: SecretKind<V1Subject> = {
  noun: 'password',
  lostAdvice: (s) => `set a new password for v1 credential ${s?.username ?? ''} and update its clients.`,
  testCommand: (s, secret, influxUrl) => v1TestCommand(influxUrl, s.username, secret),
  placeholder: '$INFLUX_PASSWORD',
  testHelp:
    'Signs in to /query with this username and password and lists the buckets it may read. 401 means InfluxDB refused the login (wrong password, the credential or its owner inactive). The copied command contains the password.',
  envFile: (s, secret, influxUrl) => ({
    name: v1EnvFileName(s.username),
    content: v1EnvFileContent({ username: s.username, id: s.id, orgName: s.orgName, password: secret }, influxUrl),
  }),
};
