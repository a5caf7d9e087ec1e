'use client';
// Live preview of what minting will send: the exact JSON body of POST /api/v2/authorizations
// (built by the same function the server action uses) and the shell commands that make the same
// token (influx CLI, and curl where the CLI would do something else).
import { cliOwnerOf, influxAuthCreateCommand } from '@/lib/permissions/cli-command';
import type { Grant } from '@/lib/permissions/model';
import { authorizationRequestBody } from '@/lib/permissions/request-body';
import { expiryWhen, localTimeZone } from '@/lib/lifetimes/expiry-words';

export function RequestPreview({
  orgID,
  description,
  status,
  grants,
  owner,
  newUserName,
  influxUrl,
  resourceTypes,
  expiresAt,
}: {
  orgID: string;
  description: string;
  status: 'active' | 'inactive';
  grants: Grant[];
  owner: { id: string; name: string };
  /** Set when the owner is a user the console will create first (POST /api/v2/users). */
  newUserName?: string;
  influxUrl: string;
  resourceTypes: string[];
  /** The chosen lifetime's end (ISO), null for none; absent while the choice is not valid. */
  expiresAt?: string | null;
}) {
  const body = authorizationRequestBody({ orgID, description: description.trim(), status, grants }, { userID: owner.id });
  const cli = influxAuthCreateCommand(grants, {
    host: influxUrl,
    orgID,
    owner: cliOwnerOf(owner, newUserName),
    description: description.trim(),
    status,
    resourceTypes,
  });

  return (
    <section aria-labelledby="preview-heading" className="rounded-card border border-gray-200 bg-surface p-4">
      <h2 id="preview-heading" className="text-base font-medium">
        What will be sent
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        The console sends exactly this body to <code className="font-mono text-xs">POST /api/v2/authorizations</code>, with its own
        credential. Item ids are checked against InfluxDB first.
      </p>
      {newUserName ? (
        <p data-testid="preview-new-user" className="mt-2 text-sm">
          First it creates the user: <code className="font-mono text-xs">POST /api/v2/users {JSON.stringify({ name: newUserName })}</code>;
          the new user’s id then takes the place of <code className="font-mono text-xs">{owner.id}</code>.
        </p>
      ) : null}
      {/* Focusable so keyboard users can scroll a long body (axe: scrollable-region-focusable). */}
      <pre
        data-testid="preview-json"
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must take focus to scroll by keyboard
        tabIndex={0}
        className="mt-2 max-h-80 overflow-auto rounded-md bg-surface-sunken p-3 font-mono text-xs"
      >
        {JSON.stringify(body, null, 2)}
      </pre>
      {expiresAt !== undefined ? (
        // InfluxDB's body has no expiry field: the preview says what the console itself will do.
        <p data-testid="preview-expiry" className="mt-2 text-sm" suppressHydrationWarning>
          {expiresAt === null
            ? 'No expiry: nothing deactivates it later.'
            : `Then the console deactivates it at ${expiryWhen(expiresAt, localTimeZone())} (InfluxDB has no expiry field).`}
        </p>
      ) : null}
      <h3 className="mt-4 text-sm font-medium">Same token from a shell</h3>
      {grants.length === 0 ? (
        <p className="mt-1 text-sm text-ink-muted">Choose at least one permission.</p>
      ) : cli.lines ? (
        <pre
          data-testid="preview-cli"
          className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-ink p-3 font-mono text-xs text-white"
        >
          {cli.lines.join('\n')}
        </pre>
      ) : (
        <div data-testid="preview-cli-missing" className="mt-1 text-sm text-ink-muted">
          The influx CLI cannot make exactly this token; it has no flag for:
          <ul className="ml-5 list-disc">
            {cli.inexpressible.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          Use the JSON body above with <code className="font-mono text-xs">curl</code> instead.
        </div>
      )}
    </section>
  );
}
