'use client';
// The builder's "Deliver to": the copy-once dialog (the default), a path in a configured secret
// store, or a single-use wrapping token for someone else. The server checks the same choice again
// (lib/secret-stores/delivery-request.ts) before anything is created.
import { WRAP_TTL_DEFAULT } from '@/lib/secret-stores/delivery-limits';
import type { StoreChoice } from '@/lib/secret-stores/delivery-request';
import { DEFAULT_KEY_NAME } from '@/lib/secret-stores/secret-path';

export type DeliveryChoice = {
  mode: 'dialog' | 'kv' | 'wrap';
  storeId: string;
  path: string;
  key: string;
  withUrlAndOrg: boolean;
  ttlSeconds: number;
  /** kv: rotate this often; 0: on demand only. */
  rotateEverySeconds: number;
};

export const initialDeliveryChoice = (stores: readonly StoreChoice[]): DeliveryChoice => ({
  mode: 'dialog',
  storeId: stores[0]?.id ?? '',
  path: '',
  key: DEFAULT_KEY_NAME,
  withUrlAndOrg: false,
  ttlSeconds: WRAP_TTL_DEFAULT,
  rotateEverySeconds: 0,
});

const DAY = 86_400;
const ROTATE_CHOICES = [
  [0, 'On demand only'],
  [7 * DAY, 'Every 7 days'],
  [30 * DAY, 'Every 30 days'],
  [90 * DAY, 'Every 90 days'],
] as const;

const TTL_CHOICES = [
  [600, '10 minutes'],
  [3600, '1 hour'],
  [14_400, '4 hours'],
  [86_400, '1 day'],
] as const;

const input = 'rounded-md border border-gray-300 px-2 py-1 text-sm';

export function DeliverToField({
  stores,
  value,
  onChange,
  errors,
}: {
  stores: readonly StoreChoice[];
  value: DeliveryChoice;
  onChange: (next: DeliveryChoice) => void;
  /** Field errors from the server, keyed delivery.storeId, delivery.path, delivery.key. */
  errors: Record<string, string | undefined>;
}) {
  if (stores.length === 0) return null;
  const set = (patch: Partial<DeliveryChoice>) => onChange({ ...value, ...patch });
  const store = stores.find((s) => s.id === value.storeId) ?? stores[0]!;
  const err = (field: string) =>
    errors[`delivery.${field}`] ? (
      <span role="alert" className="block text-sm text-danger-700" data-testid={`delivery-${field}-error`}>
        {errors[`delivery.${field}`]}
      </span>
    ) : null;

  return (
    <fieldset className="space-y-2 text-sm" data-testid="deliver-to">
      <legend className="font-medium">Deliver to</legend>
      <div className="flex flex-wrap gap-4">
        <label className="flex items-center gap-1.5">
          <input type="radio" name="deliver-mode" checked={value.mode === 'dialog'} onChange={() => set({ mode: 'dialog' })} /> Copy once
          (shown to me in a dialog)
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="deliver-mode" checked={value.mode === 'kv'} onChange={() => set({ mode: 'kv' })} /> A secret store path
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="deliver-mode" checked={value.mode === 'wrap'} onChange={() => set({ mode: 'wrap' })} /> Wrap for someone
          else
        </label>
      </div>
      {value.mode === 'dialog' ? null : (
        <div className="grid gap-2 sm:grid-cols-2">
          <label className="flex flex-col gap-1">
            Store
            <select aria-label="Store" className={input} value={store.id} onChange={(e) => set({ storeId: e.target.value })}>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
            {err('storeId')}
          </label>
          {value.mode === 'kv' ? (
            <label className="flex flex-col gap-1">
              Path (under {store.mount}/{store.pathPrefix}/)
              <input
                aria-label="Path"
                className={`${input} font-mono`}
                value={value.path}
                placeholder={`${store.pathPrefix}/edge-01`}
                onChange={(e) => set({ path: e.target.value })}
                aria-invalid={errors['delivery.path'] ? true : undefined}
              />
              {err('path')}
            </label>
          ) : (
            <label className="flex flex-col gap-1">
              The wrapping token works once, for
              <select className={input} value={value.ttlSeconds} onChange={(e) => set({ ttlSeconds: Number(e.target.value) })}>
                {TTL_CHOICES.map(([s, words]) => (
                  <option key={s} value={s}>
                    {words}
                  </option>
                ))}
              </select>
            </label>
          )}
          {value.mode === 'kv' ? (
            <label className="flex flex-col gap-1">
              Rotate
              <select
                aria-label="Rotate"
                className={input}
                value={value.rotateEverySeconds}
                onChange={(e) => set({ rotateEverySeconds: Number(e.target.value) })}
              >
                {ROTATE_CHOICES.map(([s, words]) => (
                  <option key={s} value={s}>
                    {words}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label className="flex flex-col gap-1">
            Key name
            <input
              aria-label="Key name"
              className={`${input} font-mono`}
              value={value.key}
              onChange={(e) => set({ key: e.target.value })}
            />
            {err('key')}
          </label>
          <label className="flex items-center gap-1.5 self-end">
            <input type="checkbox" checked={value.withUrlAndOrg} onChange={(e) => set({ withUrlAndOrg: e.target.checked })} /> Also write
            the InfluxDB URL (url) and org id (org_id)
          </label>
          <p className="text-xs text-ink-muted sm:col-span-2">
            {value.mode === 'kv'
              ? 'The console writes the token as a new version of this secret and never shows it to you. A rotation writes a successor with the same permissions as the next version and retires this token an hour later.'
              : 'You get a single-use wrapping token to send; whoever unwraps it first gets the token. The console keeps neither.'}
          </p>
        </div>
      )}
    </fieldset>
  );
}

/** The action's `delivery` field for a choice other than the dialog. */
export function deliveryRequestOf(c: DeliveryChoice) {
  const common = { storeId: c.storeId, key: c.key, withUrlAndOrg: c.withUrlAndOrg };
  return c.mode === 'wrap'
    ? { kind: 'wrap' as const, ...common, ttlSeconds: c.ttlSeconds }
    : { kind: 'kv' as const, ...common, path: c.path, ...(c.rotateEverySeconds ? { rotateEverySeconds: c.rotateEverySeconds } : {}) };
}
