// The builder's lifetime choice and its one-string encoding (form field, template, share link):
// "7d" / "30d" / "90d" (any whole duration, so tests can use "5s"), "2026-12-31" (a date: the token
// stops working at 00:00 UTC that day), "2026-12-31T23:00:00.000Z" (an instant: the builder sends
// the person's local midnight this way), or "never". Pure and free of zod, so the builder's first
// load can use it; the form field's zod schema is in choice.ts.
import { formatDuration, parseDuration } from './duration';

export type LifetimeChoice =
  { kind: 'duration'; ms: number } | { kind: 'date'; date: string } | { kind: 'instant'; at: string } | { kind: 'never' };

/** What the builder offers as buttons; a date and (where allowed) "never" come beside them. */
export const PRESET_CHOICES = ['7d', '30d', '90d'] as const;

export const CHOICE_FORMAT_ERROR = 'Choose 7, 30 or 90 days, a date (YYYY-MM-DD) or "never".';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An explicit offset is required: a bare local time would mean whatever zone the server is in.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00.000Z`);
  // Date rolls 2026-02-30 over to March: a date that does not exist is not a date.
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text && Number(m[1]) >= 1970;
}

export function parseLifetimeChoice(input: string): { ok: true; choice: LifetimeChoice } | { ok: false; error: string } {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Choose a lifetime: 7, 30 or 90 days, a date, or "never" where allowed.' };
  if (text.toLowerCase() === 'never') return { ok: true, choice: { kind: 'never' } };
  const ms = parseDuration(text);
  if (ms !== undefined) return { ok: true, choice: { kind: 'duration', ms } };
  if (DATE.test(text)) {
    return validDate(text)
      ? { ok: true, choice: { kind: 'date', date: text } }
      : { ok: false, error: `${text} is not a date in the calendar.` };
  }
  if (INSTANT.test(text)) {
    const t = Date.parse(text);
    if (!Number.isNaN(t) && validDate(text.slice(0, 10))) return { ok: true, choice: { kind: 'instant', at: new Date(t).toISOString() } };
    return { ok: false, error: `${text} is not a valid date and time.` };
  }
  return { ok: false, error: CHOICE_FORMAT_ERROR };
}

export function encodeLifetimeChoice(choice: LifetimeChoice): string {
  switch (choice.kind) {
    case 'never':
      return 'never';
    case 'duration':
      return formatDuration(choice.ms);
    case 'date':
      return choice.date;
    case 'instant':
      return new Date(choice.at).toISOString();
  }
}

/** The expiry the choice means at `now`; null for never. */
export function expiryOf(choice: LifetimeChoice, now: Date): Date | null {
  switch (choice.kind) {
    case 'never':
      return null;
    case 'duration':
      return new Date(now.getTime() + choice.ms);
    case 'date':
      return new Date(`${choice.date}T00:00:00.000Z`);
    case 'instant':
      return new Date(choice.at);
  }
}
