// The inventory actions' limits and the words the dialogs check them with. Apart from
// action-schemas.ts (zod, parsed by the actions) so that the dialogs do not pull zod into the
// browser; the actions still parse every input with the full schema.

export const MAX_BULK = 500;
/** Longest grace period offered for "replace": 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;

export const DESCRIPTION_EDIT_MAX = 300;
export const DESCRIPTION_TOO_LONG = `Keep the description under ${DESCRIPTION_EDIT_MAX} characters.`;

/** The description dialog's check: what describeInput accepts, with its message. */
export function checkDescriptionEdit(value: string): { ok: true; description: string } | { ok: false; message: string } {
  const description = value.trim();
  return description.length > DESCRIPTION_EDIT_MAX ? { ok: false, message: DESCRIPTION_TOO_LONG } : { ok: true, description };
}

/** Grace period choices offered in the replace dialog (seconds). */
export const GRACE_PRESETS = [
  { seconds: 0, label: 'Immediately' },
  { seconds: 3600, label: 'In 1 hour' },
  { seconds: 24 * 3600, label: 'In 24 hours' },
  { seconds: 7 * 24 * 3600, label: 'In 7 days' },
] as const;

export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
