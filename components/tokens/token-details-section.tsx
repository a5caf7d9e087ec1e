'use client';
// The builder's "Token" section: organisation, description, status and owner.
import type { OrgDTO } from '@/lib/influx/dto';
import { DESCRIPTION_MAX } from '@/lib/permissions/token-form-limits';
import type { OtherOwnerOption } from '@/lib/tokens/owner-option';
import { OwnerSection } from './owner-section';
import type { TokenBuilderState } from './use-token-builder';

export function TokenDetailsSection({
  builder,
  orgs,
  consoleOwner,
  otherOwner,
}: {
  builder: TokenBuilderState;
  orgs: OrgDTO[];
  consoleOwner: { id: string; name: string };
  otherOwner: OtherOwnerOption;
}) {
  const { form, values, errors, org, halfDone } = builder;
  return (
    <section aria-labelledby="details-heading" className="space-y-4 rounded-card border border-gray-200 bg-surface p-4">
      <h2 id="details-heading" className="text-base font-medium">
        Token
      </h2>
      {orgs.length > 1 ? (
        <label className="block text-sm">
          <span className="font-medium">Organisation</span>
          <select
            value={values.orgID}
            onChange={(e) => builder.changeOrg(e.target.value)}
            className="mt-1 block w-full rounded-md border border-gray-300 bg-surface px-3 py-1.5 text-sm"
          >
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.id})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="text-sm">
          <span className="font-medium">Organisation:</span> {org.name} <span className="font-mono text-xs text-ink-faint">{org.id}</span>
        </p>
      )}
      <label className="block text-sm">
        <span className="font-medium">Description</span>
        <span className="ml-2 text-xs text-ink-muted">required: what uses this token, e.g. “telegraf on edge-01”</span>
        <input
          {...form.register('description')}
          maxLength={DESCRIPTION_MAX}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? 'description-error' : undefined}
          className="mt-1 block w-full rounded-md border border-gray-300 px-3 py-1.5 text-sm"
        />
        {errors.description ? (
          <span id="description-error" className="mt-1 block text-sm text-danger-700">
            {errors.description.message}
          </span>
        ) : null}
      </label>
      <fieldset className="text-sm">
        <legend className="font-medium">Status</legend>
        <div className="mt-1 flex gap-4">
          <label className="flex items-center gap-1.5">
            <input type="radio" value="active" {...form.register('status')} /> Active
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" value="inactive" {...form.register('status')} /> Inactive (refused until activated)
          </label>
        </div>
      </fieldset>
      <OwnerSection
        mode={builder.ownerMode}
        onMode={builder.chooseOwnerMode}
        owner={values.owner ?? { kind: 'console' }}
        onOwner={builder.changeOwner}
        consoleOwner={consoleOwner}
        option={otherOwner}
        {...(errors.owner?.message ? { error: errors.owner.message } : {})}
        {...(halfDone ? { createdUserName: halfDone.partial.user.name } : {})}
      />
    </section>
  );
}
