'use client';
// Create or edit a template. The same schema validates here (zodResolver) and in the action.
// Permissions are written one per line in the link grammar; the preview beside them says in plain
// words what each line grants, flags sensitive ones, and shows problems while typing.
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useScopeRequest } from '@/components/shell/use-scope';
import { useId, useState, useTransition, type ReactNode } from 'react';
import { useForm, useWatch, type Path } from 'react-hook-form';
import type { z } from 'zod';
import { LifetimeField } from '@/components/tokens/lifetime-field';
import { Button } from '@/components/ui/button';
import { grantClassesOf } from '@/lib/lifetimes/grant-classes';
import type { LifetimePolicy } from '@/lib/lifetimes/policy-rules';
import type { StoreChoice } from '@/lib/secret-stores/delivery-request';
import { typeLabel } from '@/lib/permissions/describe';
import { ITEM_PICKABLE_TYPES } from '@/lib/permissions/model';
import { sensitiveFlags } from '@/lib/permissions/sensitivity';
import { AUDIENCES, createTemplateSchema, parsePermissionLines, type CreateTemplateInput } from '@/lib/templates/template-form';
import { PermissionSummary } from './permission-summary';
import type { TemplateActions } from './template-actions';

type Values = CreateTemplateInput;

export interface TemplateEditorProps {
  actions: TemplateActions;
  mode: 'create' | 'edit';
  initial: Values;
  /** For edits: the version this edit starts from (the save makes baseVersion + 1). */
  baseVersion?: number;
  orgName: string;
  /** Resource types of the connected InfluxDB, for the "add a permission" helper. */
  resourceTypes: readonly string[];
  /** The console's lifetime policy: the default lifetime is offered and checked as in the builder. */
  lifetimePolicy: LifetimePolicy;
  /** Secret stores the template may deliver to (issue 17); none: the field is not shown. */
  stores?: readonly StoreChoice[];
}

const field = 'mt-1 w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm';

export function TemplateEditor({
  actions,
  mode,
  initial,
  baseVersion,
  orgName,
  resourceTypes,
  lifetimePolicy,
  stores = [],
}: TemplateEditorProps) {
  const router = useRouter();
  const scope = useScopeRequest();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string>();
  const form = useForm<Values, unknown, z.output<typeof createTemplateSchema>>({
    resolver: zodResolver(createTemplateSchema),
    defaultValues: initial,
    mode: 'onTouched',
  });
  const { register, handleSubmit, setError, setValue, getValues, control, formState } = form;
  const errors = formState.errors;
  const permissions = useWatch({ control, name: 'permissions' }) ?? '';
  const audience = useWatch({ control, name: 'audience' });
  const parsed = parsePermissionLines(permissions);
  const flags = sensitiveFlags(parsed.grants);
  const lifetime = useWatch({ control, name: 'lifetime' }) ?? '';
  const deliverStore = useWatch({ control, name: 'deliverStore' }) ?? '';
  const chosenStore = stores.find((s) => s.id === deliverStore);

  const submit = handleSubmit((values) => {
    setFormError(undefined);
    startTransition(async () => {
      // The template records the page's connection and org (from its URL).
      const where = { ...(scope.connection ? { connection: scope.connection } : {}), ...(scope.org ? { org: scope.org } : {}) };
      const result =
        mode === 'create'
          ? await actions.createTemplate({ ...values, ...where })
          : await actions.updateTemplate({ ...values, ...where, baseVersion: baseVersion ?? 0 });
      if (!result.ok) {
        setFormError(result.formError);
        for (const [name, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0]) setError(name as Path<Values>, { message: messages[0] });
        }
        return;
      }
      router.push(`/templates/${result.data.slug}`);
      router.refresh();
    });
  });

  const [add, setAdd] = useState({ action: 'read', type: 'buckets', item: '' });
  const pickable = (ITEM_PICKABLE_TYPES as readonly string[]).includes(add.type);
  function addLine() {
    const item = add.type === 'users' ? '/owner' : pickable && add.item.trim() ? `/${add.item.trim()}` : '';
    const current = getValues('permissions').replace(/\s+$/, '');
    setValue('permissions', `${current ? `${current}\n` : ''}${add.action}:${add.type}${item}`, {
      shouldDirty: true,
      shouldValidate: true,
    });
    setAdd((a) => ({ ...a, item: '' }));
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="space-y-4">
        {formError && (
          <p role="alert" className="rounded-md bg-danger-50 p-3 text-sm text-danger-700">
            {formError}
          </p>
        )}
        <Field
          name="slug"
          label="Name (used in links)"
          hint={mode === 'create' ? 'Lowercase letters, digits and dashes. It cannot be changed later.' : undefined}
          error={errors.slug?.message}
        >
          {(a) => (
            <input
              {...register('slug')}
              {...a}
              readOnly={mode === 'edit'}
              autoComplete="off"
              spellCheck={false}
              placeholder="telegraf-writer"
              className={`${field} font-mono ${mode === 'edit' ? 'bg-gray-100 text-ink-muted' : ''}`}
            />
          )}
        </Field>
        <Field name="title" label="Title" error={errors.title?.message}>
          {(a) => <input {...register('title')} {...a} placeholder="Telegraf writer" className={field} />}
        </Field>
        <Field name="purpose" label="Purpose" error={errors.purpose?.message}>
          {(a) => (
            <textarea {...register('purpose')} {...a} rows={2} placeholder="What the token is for, in a sentence." className={field} />
          )}
        </Field>
        <Field
          name="description"
          label="Token description (optional)"
          hint="Prefilled in the token form; the person can change it."
          error={errors.description?.message}
        >
          {(a) => <input {...register('description')} {...a} placeholder="Telegraf on <host>" className={field} />}
        </Field>

        <Field
          name="permissions"
          label="Permissions, one per line"
          hint={
            <>
              <code>read</code> or <code>write</code>, a colon, a resource type, and for buckets and Telegraf configurations optionally{' '}
              <code>/name</code> (no name = all of them in the org). <code>users/owner</code> is the token’s own user. Items are named, so
              the template works on any InfluxDB with the same names.
            </>
          }
          error={errors.permissions?.message}
        >
          {(a) => (
            <textarea
              {...register('permissions')}
              {...a}
              rows={8}
              spellCheck={false}
              placeholder={'write:buckets/telemetry\nread:buckets/telemetry\nread:dashboards'}
              className={`${field} font-mono`}
            />
          )}
        </Field>

        <fieldset className="rounded-md border border-gray-200 p-3">
          <legend className="px-1 text-sm font-medium">Add a permission</legend>
          <div className="flex flex-wrap items-end gap-2 text-sm">
            <label>
              <span className="sr-only">Action</span>
              <select
                value={add.action}
                onChange={(e) => setAdd({ ...add, action: e.target.value })}
                className="rounded-md border border-gray-300 px-2 py-1.5"
                aria-label="Action"
              >
                <option value="read">Read</option>
                <option value="write">Write</option>
              </select>
            </label>
            <label>
              <span className="sr-only">Resource type</span>
              <select
                value={add.type}
                onChange={(e) => setAdd({ ...add, type: e.target.value })}
                className="max-w-64 rounded-md border border-gray-300 px-2 py-1.5"
                aria-label="Resource type"
              >
                {resourceTypes.map((t) => (
                  <option key={t} value={t}>
                    {typeLabel(t, true) === t ? t : `${typeLabel(t, true)} (${t})`}
                  </option>
                ))}
              </select>
            </label>
            {pickable && (
              <input
                value={add.item}
                onChange={(e) => setAdd({ ...add, item: e.target.value })}
                placeholder={`${typeLabel(add.type)} name, empty = all`}
                aria-label="Item name"
                className="w-48 rounded-md border border-gray-300 px-2 py-1.5"
              />
            )}
            <Button onClick={addLine}>Add</Button>
          </div>
        </fieldset>

        <fieldset>
          <legend className="text-sm font-medium">Who may use it</legend>
          <div className="mt-1 flex gap-4 text-sm">
            {(Object.keys(AUDIENCES) as (keyof typeof AUDIENCES)[]).map((a) => (
              <label key={a} className="inline-flex items-center gap-2">
                <input type="radio" value={a} {...register('audience')} />
                {AUDIENCES[a]}
              </label>
            ))}
          </div>
        </fieldset>
        {errors.audience?.message && <p className="text-sm text-danger-700">{errors.audience.message}</p>}

        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 size-4 accent-brand-600" {...register('needsApproval')} />
          <span>
            <span className="font-medium">Needs approval</span>
            <span className="block text-xs text-ink-muted">
              A token from this template is requested and approved by an admin: the token form offers only “Request this token”, and the
              console refuses to create one directly from it.
            </span>
          </span>
        </label>

        <div>
          <LifetimeField
            value={lifetime}
            onChange={(next) => {
              setValue('lifetime', next, { shouldDirty: true });
              form.clearErrors('lifetime');
            }}
            // Checked for the lowest role it is for: the tightest limits.
            role={audience === 'admins' ? 'admin' : 'creator'}
            classes={grantClassesOf(parsed.grants, resourceTypes)}
            policy={lifetimePolicy}
            {...(errors.lifetime?.message ? { error: errors.lifetime.message } : {})}
          />
          <p className="mt-1 text-xs text-ink-muted">
            The token form opens with this lifetime; the person can change it within the policy.
          </p>
        </div>

        {stores.length > 0 || deliverStore ? (
          <fieldset className="space-y-2 rounded-md border border-gray-200 p-3" data-testid="template-deliver-to">
            <legend className="px-1 text-sm font-medium">Deliver to</legend>
            <Field name="deliverStore" label="Where the token goes" error={errors.deliverStore?.message}>
              {(a) => (
                <select {...register('deliverStore')} {...a} className={field}>
                  <option value="">Copy once (shown in a dialog)</option>
                  {stores.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.label}
                    </option>
                  ))}
                  {deliverStore && !chosenStore ? <option value={deliverStore}>{deliverStore} (not on this console)</option> : null}
                </select>
              )}
            </Field>
            {deliverStore ? (
              <>
                <Field
                  name="deliverPath"
                  label={`Path${chosenStore ? ` (under ${chosenStore.mount}/${chosenStore.pathPrefix}/)` : ''}`}
                  error={errors.deliverPath?.message}
                >
                  {(a) => (
                    <input
                      {...register('deliverPath')}
                      {...a}
                      spellCheck={false}
                      placeholder={`${chosenStore?.pathPrefix ?? 'influx'}/edge-01`}
                      className={`${field} font-mono`}
                    />
                  )}
                </Field>
                <Field name="deliverKey" label="Key name (empty: token)" error={errors.deliverKey?.message}>
                  {(a) => (
                    <input {...register('deliverKey')} {...a} spellCheck={false} placeholder="token" className={`${field} font-mono`} />
                  )}
                </Field>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" className="size-4 accent-brand-600" {...register('deliverUrlOrg')} /> Also write the InfluxDB URL
                  and org id beside it
                </label>
              </>
            ) : null}
          </fieldset>
        ) : null}

        <Field name="notes" label="Notes (optional)" error={errors.notes?.message}>
          {(a) => (
            <textarea {...register('notes')} {...a} rows={3} placeholder="When to use it, who to ask, how to rotate." className={field} />
          )}
        </Field>

        <div className="flex gap-3">
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? 'Saving…' : mode === 'create' ? 'Create template' : `Save as version ${(baseVersion ?? 0) + 1}`}
          </Button>
          <Button variant="ghost" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      </div>

      <aside
        aria-labelledby="preview-heading"
        className="h-fit space-y-3 rounded-card border border-gray-200 bg-surface p-4 lg:sticky lg:top-4"
      >
        <h2 id="preview-heading" className="text-sm font-semibold uppercase tracking-wide text-ink-muted">
          What a token from this template may do
        </h2>
        <PermissionSummary grants={parsed.grants} orgName={orgName} />
        {parsed.problems.length > 0 && (
          <ul className="space-y-1 text-sm text-danger-700" aria-label="Problems">
            {parsed.problems.map((p) => (
              <li key={`${p.line}-${p.text}`}>
                Line {p.line} (<code>{p.text}</code>): {p.reason}
              </li>
            ))}
          </ul>
        )}
        {audience === 'creators' && flags.length > 0 && (
          <p className="rounded-md bg-warn-50 p-2 text-sm text-warn-800" role="note">
            Sensitive grants are for admins only: creators who use this template will see{' '}
            {flags.map((f) => `${f.action}:${f.type}`).join(', ')} listed as “not applied”.
          </p>
        )}
      </aside>
    </form>
  );
}

/** Label, control, hint and error wired together (htmlFor, aria-describedby, aria-invalid). */
function Field(props: {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = `${useId()}-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {props.label}
      </label>
      {props.children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(props.error ? { 'aria-invalid': true } : {}),
      })}
      {props.hint && (
        <p id={hintId} className="mt-1 text-xs text-ink-muted">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={errorId} className="mt-1 text-sm text-danger-700">
          {props.error}
        </p>
      )}
    </div>
  );
}
