'use client';
// Radix dialogs return focus to their Dialog.Trigger on close; ours are opened from ordinary
// buttons (one dialog serves many rows), so Radix has no trigger and focus fell to <body>, leaving a
// keyboard user at the top of the page. This remembers what had focus when the dialog opened and
// gives it back on close (when it is still on the page).
import { useLayoutEffect, useRef } from 'react';

/** Pass the result as the dialog Content's `onCloseAutoFocus`. */
export function useReturnFocus(open: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  // A layout effect runs before Radix's focus scope (a passive effect) moves focus into the dialog.
  useLayoutEffect(() => {
    if (open && document.activeElement instanceof HTMLElement) opener.current = document.activeElement;
  }, [open]);
  return (event: Event) => {
    event.preventDefault();
    if (opener.current?.isConnected) opener.current.focus();
  };
}
