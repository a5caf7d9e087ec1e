// A link's or template's "Deliver to" (format 4) meets this console's secret stores: the store must
// be configured here and the path must lie under its prefix. What does not fit is reported as not
// applied, and the builder then opens with the copy-once dialog. The mint action checks the same
// again (checkDeliveryTarget) whatever the page sends. Pure.
import { resolveSecretPath } from '@/lib/secret-stores/secret-path';
import { DEFAULT_KEY_NAME } from '@/lib/secret-stores/secret-path';
import type { StoreChoice } from '@/lib/secret-stores/delivery-request';
import { showPart, type NotApplied, type PrefillDeliver } from './prefill';

/** The builder's KV choice, ready for its "Deliver to" field. */
export interface DestinationChoice {
  storeId: string;
  path: string;
  key: string;
  withUrlAndOrg: boolean;
}

export function resolveDestination(
  deliver: PrefillDeliver,
  stores: readonly StoreChoice[],
):
  | { ok: true; choice: DestinationChoice }
  /** `error`: for a form field (the template editor); `notApplied`: for the builder's list. */
  | { ok: false; field: 'store' | 'path'; error: string; notApplied: NotApplied } {
  const part = showPart('path', `${deliver.store}:${deliver.path}`);
  const store = stores.find((s) => s.id === deliver.store);
  if (!store) {
    const error =
      stores.length === 0
        ? 'this console has no secret store'
        : `there is no secret store “${deliver.store}” on this console (it has ${stores.map((s) => s.id).join(', ')})`;
    return { ok: false, field: 'store', error, notApplied: { part, reason: `${error}; the token is shown once in the dialog` } };
  }
  const path = resolveSecretPath(store, deliver.path);
  if (!path.ok) {
    return {
      ok: false,
      field: 'path',
      error: path.error,
      notApplied: { part, reason: `${path.error} The token is shown once in the dialog.` },
    };
  }
  return {
    ok: true,
    choice: { storeId: store.id, path: path.path, key: deliver.key ?? DEFAULT_KEY_NAME, withUrlAndOrg: deliver.withUrlAndOrg ?? false },
  };
}
