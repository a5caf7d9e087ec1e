// A connection as people recognise it: its label on its colour. Shown wherever the console says
// which server something is on (the shell, lists, the all-connections view).
import { cx } from '@/components/ui/class-names';
import type { ConnectionColour } from '@/lib/connections/model';

// Full class names (Tailwind finds only literal ones); each pair keeps 4.5:1 contrast.
const COLOUR: Record<ConnectionColour, string> = {
  gray: 'bg-gray-100 text-gray-800 border-gray-400',
  red: 'bg-red-100 text-red-800 border-red-500',
  orange: 'bg-orange-100 text-orange-900 border-orange-500',
  amber: 'bg-amber-100 text-amber-900 border-amber-500',
  green: 'bg-green-100 text-green-800 border-green-600',
  teal: 'bg-teal-100 text-teal-800 border-teal-600',
  blue: 'bg-blue-100 text-blue-800 border-blue-500',
  violet: 'bg-violet-100 text-violet-800 border-violet-500',
};

export function ConnectionBadge({ label, colour, down }: { label: string; colour: ConnectionColour; down?: boolean }) {
  return (
    <span
      data-testid="connection-badge"
      data-colour={colour}
      className={cx('inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium', COLOUR[colour])}
    >
      <span aria-hidden="true" className="inline-block h-2 w-2 rounded-full bg-current" />
      {label}
      {down && <span className="font-semibold"> (down)</span>}
    </span>
  );
}
