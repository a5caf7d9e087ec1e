'use client';
// The "new v1 credential" form: username, description, read/write per bucket of the org, and the
// owner (the console's InfluxDB user, or an existing InfluxDB user found by name). Checked with
// the same schema the action parses again. No password field: the console makes the password.
import { useId, useState } from 'react';
import { UserPicker } from '@/components/tokens/user-picker';
import { Button } from '@/components/ui/button';
import { fieldClass, labelClass } from '@/components/ui/field';
import { v1CreateSchema, type V1CreateInput } from '@/lib/v1/form-schema';

export interface BucketChoice {
  id: string;
  name: string;
  system: boolean;
}

export function CreateV1Form({
  buckets,
  consoleUserName,
  otherOwnerRefusal,
  pending,
  formError,
  fieldErrors,
  onSubmit,
}: {
  buckets: BucketChoice[];
  consoleUserName: string;
  /** Set when the person may not choose another owner: the policy's words. */
  otherOwnerRefusal?: string;
  pending: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  onSubmit: (input: V1CreateInput) => void;
}) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [description, setDescription] = useState('');
  const [read, setRead] = useState<Set<string>>(new Set());
  const [write, setWrite] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [ownerMode, setOwnerMode] = useState<'console' | 'other'>('console');
  const [owner, setOwner] = useState<{ id: string; name: string } | null>(null);
  const [ownerHint, setOwnerHint] = useState<string | null>(null);
  const [local, setLocal] = useState<Record<string, string[] | undefined>>({});

  const errors = { ...fieldErrors, ...local };
  const toggle = (set: Set<string>, put: (s: Set<string>) => void, bucket: string) => {
    const next = new Set(set);
    if (next.has(bucket)) next.delete(bucket);
    else next.add(bucket);
    put(next);
  };
  const shown = buckets.filter((b) => b.name.toLowerCase().includes(filter.trim().toLowerCase()));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const input: V1CreateInput = {
      username,
      description,
      read: [...read],
      write: [...write],
      owner: ownerMode === 'other' && owner ? { kind: 'existing', userID: owner.id, name: owner.name } : { kind: 'console' },
    };
    if (ownerMode === 'other' && !owner) {
      setLocal({ owner: ['Choose the InfluxDB user who will own the credential.'] });
      return;
    }
    const parsed = v1CreateSchema.safeParse(input);
    if (!parsed.success) {
      const out: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (out[String(issue.path[0] ?? 'form')] ??= []).push(issue.message);
      setLocal(out);
      return;
    }
    setLocal({});
    onSubmit(input);
  }

  const err = (field: string) =>
    errors[field]?.length ? (
      <p id={`${id}-${field}-error`} className="mt-1 text-xs text-danger-700">
        {errors[field].join(' ')}
      </p>
    ) : null;

  return (
    <form
      onSubmit={submit}
      aria-labelledby={`${id}-title`}
      className="space-y-4 rounded-card border border-gray-200 bg-surface p-4"
      noValidate
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        New v1 credential
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-username`} className={labelClass}>
            Username
          </label>
          <input
            id={`${id}-username`}
            name="username"
            autoComplete="off"
            className={`${fieldClass} mt-1 w-full`}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={Boolean(errors.username?.length)}
            aria-describedby={`${id}-username-hint${errors.username?.length ? ` ${id}-username-error` : ''}`}
          />
          <p id={`${id}-username-hint`} className="mt-1 text-xs text-ink-muted">
            Letters, digits and . _ @ - (up to 32). Shown in clear in this list; clients send it with the password.
          </p>
          {err('username')}
        </div>
        <div>
          <label htmlFor={`${id}-description`} className={labelClass}>
            Description
          </label>
          <input
            id={`${id}-description`}
            name="description"
            className={`${fieldClass} mt-1 w-full`}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="e.g. Grafana InfluxQL data source, production"
          />
          {err('description')}
        </div>
      </div>

      <fieldset>
        <legend className={labelClass}>Buckets (read for /query, write for /write)</legend>
        <input
          aria-label="Filter buckets"
          className={`${fieldClass} mt-1 w-64`}
          placeholder="Filter buckets"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <div className="mt-2 max-h-64 overflow-y-auto rounded-md border border-gray-200">
          <table className="w-full text-sm">
            <thead className="bg-surface-sunken text-left text-xs text-ink-muted">
              <tr>
                <th className="px-3 py-1.5 font-medium">Bucket</th>
                <th className="px-3 py-1.5 font-medium">Read</th>
                <th className="px-3 py-1.5 font-medium">Write</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((b) => (
                <tr key={b.id} className="border-t border-gray-100">
                  <td className="px-3 py-1.5">
                    {b.name}
                    {b.system ? <span className="ml-2 text-xs text-ink-muted">system</span> : null}
                  </td>
                  <td className="px-3 py-1.5">
                    <input
                      type="checkbox"
                      className="size-4 accent-brand-600"
                      aria-label={`Read ${b.name}`}
                      checked={read.has(b.id)}
                      onChange={() => toggle(read, setRead, b.id)}
                    />
                  </td>
                  <td className="px-3 py-1.5">
                    <input
                      type="checkbox"
                      className="size-4 accent-brand-600"
                      aria-label={`Write ${b.name}`}
                      checked={write.has(b.id)}
                      onChange={() => toggle(write, setWrite, b.id)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {err('read')}
      </fieldset>

      <fieldset>
        <legend className={labelClass}>Owner</legend>
        <div className="mt-1 space-y-1 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name={`${id}-owner`} checked={ownerMode === 'console'} onChange={() => setOwnerMode('console')} />
            {consoleUserName} (the console’s InfluxDB user)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-owner`}
              checked={ownerMode === 'other'}
              disabled={Boolean(otherOwnerRefusal)}
              aria-describedby={otherOwnerRefusal ? `${id}-owner-refusal` : undefined}
              onChange={() => setOwnerMode('other')}
            />
            Another InfluxDB user
          </label>
          {otherOwnerRefusal ? (
            <p id={`${id}-owner-refusal`} className="text-xs text-ink-muted">
              {otherOwnerRefusal}
            </p>
          ) : null}
        </div>
        {ownerMode === 'other' ? (
          <div className="mt-2 space-y-1">
            {owner ? (
              <p className="text-sm">
                Owner: <strong>{owner.name}</strong>{' '}
                <Button size="sm" variant="ghost" onClick={() => setOwner(null)}>
                  Change
                </Button>
              </p>
            ) : (
              <UserPicker
                onChoose={(c) => {
                  if (c.kind === 'existing') {
                    setOwner({ id: c.user.id, name: c.user.name });
                    setOwnerHint(null);
                  } else setOwnerHint('A v1 credential is owned by an existing InfluxDB user; the console does not create one here.');
                }}
              />
            )}
            {ownerHint ? <p className="text-xs text-ink-muted">{ownerHint}</p> : null}
            <p className="text-xs text-ink-muted">
              InfluxDB refuses the login while its owner is inactive, and anyone who can write that user in InfluxDB can set a new password.
            </p>
          </div>
        ) : null}
        {err('owner')}
      </fieldset>

      {formError ? (
        <p role="alert" className="rounded-md border border-danger-600/40 bg-danger-50 p-2 text-sm text-danger-700">
          {formError}
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create v1 credential'}
        </Button>
        <span className="text-xs text-ink-muted">The console makes a random password and shows it once.</span>
      </div>
    </form>
  );
}
