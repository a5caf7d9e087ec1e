'use client';
// The permissions of a request as checkboxes, each ticked while kept: unticking asks for (or
// approves) less. The requester's change and the reviewer's decision both narrow a request this way;
// neither can add a permission here.
import { labelClass } from '@/components/ui/field';
import { grantKey, type Grant } from '@/lib/permissions/model';

export function GrantChecklist({
  legend,
  grants,
  kept,
  onChange,
  testIdPrefix,
}: {
  legend: string;
  grants: Grant[];
  /** grantKey of each ticked grant. */
  kept: Set<string>;
  onChange: (kept: Set<string>) => void;
  /** Each checkbox's data-testid is the prefix and its grant's key. */
  testIdPrefix: string;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className={labelClass}>{legend}</legend>
      {grants.map((g) => (
        <label key={grantKey(g)} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-brand-600"
            checked={kept.has(grantKey(g))}
            data-testid={`${testIdPrefix}${grantKey(g)}`}
            onChange={(e) => {
              const next = new Set(kept);
              if (e.target.checked) next.add(grantKey(g));
              else next.delete(grantKey(g));
              onChange(next);
            }}
          />
          {g.action} on {g.type}
        </label>
      ))}
    </fieldset>
  );
}
