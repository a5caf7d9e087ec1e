// Settings guidance: why the console's credential should belong to a dedicated generic user, what
// breaks when a token's user is deleted (as influxd 2.9.1 behaves, see
// lib/tokens/owner-deleted.integration.test.ts), and the commands that create the credential.
import type { SetupCommands } from '@/lib/influx/credential-setup';

export function CredentialGuidance({ commands, orgName }: { commands: SetupCommands; orgName: string }) {
  return (
    <div className="space-y-4 text-sm" data-testid="credential-guidance">
      <p>
        InfluxDB recommends that the console’s credential belong to a <strong>dedicated generic user</strong> (here{' '}
        <code className="font-mono text-xs">token-console</code>) rather than a person: a token lives only as long as its user, and the
        tokens the console mints belong to that user by default. Nobody should sign in as this user; it needs no password.
      </p>
      <div>
        <h3 className="font-medium">When a token’s user is deleted</h3>
        <ul className="ml-5 mt-1 list-disc space-y-1">
          <li>
            Every token the user owned stops working at once: InfluxDB answers{' '}
            <code className="font-mono text-xs">403 User is inactive</code>. If that user owns the console’s credential, the console stops
            working too.
          </li>
          <li>
            InfluxDB does not delete those tokens: it stops listing them (they vanish from the token inventory and from{' '}
            <code className="font-mono text-xs">influx auth list</code>) and answers{' '}
            <code className="font-mono text-xs">404 user not found</code> when asked by id. They stay in its store until deleted by id; the
            list above shows the ones this console minted.
          </li>
          <li>Creating a user with the same name again does not bring them back: the new user has a new id.</li>
          <li>An inactive user’s tokens are refused the same way, so the console does not mint for inactive users.</li>
        </ul>
      </div>
      <div>
        <h3 className="font-medium">Creating the credential the console needs</h3>
        <p className="mt-1 text-ink-muted">
          Run as an InfluxDB operator (put the operator token in <code className="font-mono text-xs">INFLUX_OPERATOR_TOKEN</code>; it is
          never given to the console). The credential holds read and write on every type in {orgName} (it can only grant what it holds),
          read on the org, and read and write on users (to find owners, create users and mint tokens for them). Then start the console with{' '}
          <code className="font-mono text-xs">INFLUX_TOKEN</code> = the new token and{' '}
          <code className="font-mono text-xs">INFLUX_TOKEN_ID</code> = its id, so this page can read exactly what it holds.
        </p>
        <h4 className="mt-3 text-xs font-medium uppercase tracking-wide text-ink-muted">influx CLI</h4>
        <pre
          data-testid="setup-cli"
          className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-ink p-3 font-mono text-xs text-white"
        >
          {commands.cli}
        </pre>
        <p className="mt-1 text-xs text-ink-muted">
          The CLI’s <code className="font-mono">--read-orgs</code> means every organisation (it cannot name one), and{' '}
          <code className="font-mono">influx user create</code> also makes the user a member of the org, which the second line undoes.
          {commands.cliMissing.length > 0 ? ` It has no flag for ${commands.cliMissing.join(', ')}: use curl for those.` : ''}
        </p>
        <h4 className="mt-3 text-xs font-medium uppercase tracking-wide text-ink-muted">curl</h4>
        <pre
          data-testid="setup-curl"
          className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-ink p-3 font-mono text-xs text-white"
        >
          {commands.curl}
        </pre>
      </div>
      <p data-testid="membership-guidance">
        <strong>The console’s user should not be a member of the org.</strong> InfluxDB runs tasks, checks and notification rules with the
        rights their owner has through membership, not with the rights of the token that made them: a member’s tasks read every bucket and
        secret of the org. The console’s credential needs no membership (its permissions are explicit), and with none, a task made with a
        token the console minted can read nothing its token was not given. The curl commands above create no membership.
      </p>
      <div className="rounded-md border border-warn-600/40 bg-warn-50 p-3 text-warn-800">
        <p>
          <strong>Treat this credential like the operator token.</strong> Write on users lets its holder reset any user’s password, the
          operator’s included. If nobody needs tokens for other users, replace the two users permissions with read and write on the console
          user’s own id (<code className="font-mono text-xs">{'{"type":"users","id":"<USER_ID>"}'}</code>): the builder then disables
          “another InfluxDB user” and says why.
        </p>
      </div>
    </div>
  );
}
