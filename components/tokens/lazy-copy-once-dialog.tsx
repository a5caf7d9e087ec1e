'use client';
// The copy-once dialog for a page where it opens only after an action has answered (the builder):
// its code, and Radix's dialog with it, loads right after the page is up instead of with it
// (first-load JS, issue 16). show() works from the first render: should an answer arrive before the
// code has loaded, it is handed to the dialog the moment the dialog mounts, and is held nowhere else
// meanwhile.
import { lazy, Suspense, useCallback, useImperativeHandle, useRef, useSyncExternalStore, type ComponentProps } from 'react';
import type { CopyOnceDialog, CopyOnceDialogHandle, CopyOnceSubject } from './copy-once-dialog';

const noSubscription = () => () => {};
const Dialog = lazy(() => import('./copy-once-dialog').then((m) => ({ default: m.CopyOnceDialog })));

export function LazyCopyOnceDialog<S extends CopyOnceSubject>({ ref, ...props }: ComponentProps<typeof CopyOnceDialog<S>>) {
  // Rendered only after hydration: the server has nothing to show for a closed dialog, and the
  // chunk then loads after first paint.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const inner = useRef<CopyOnceDialogHandle<S> | null>(null);
  const waiting = useRef<(S & { token: string }) | null>(null);

  useImperativeHandle(
    ref,
    () => ({
      show(created) {
        if (inner.current) inner.current.show(created);
        else waiting.current = created;
      },
    }),
    [],
  );

  const attach = useCallback((handle: CopyOnceDialogHandle<S> | null) => {
    inner.current = handle;
    const created = waiting.current;
    if (handle && created) {
      waiting.current = null;
      handle.show(created);
    }
  }, []);

  if (!hydrated) return null;
  const Typed = Dialog as unknown as typeof CopyOnceDialog<S>;
  return (
    <Suspense fallback={null}>
      <Typed {...props} ref={attach} />
    </Suspense>
  );
}
