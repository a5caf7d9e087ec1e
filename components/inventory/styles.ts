// Class names shared by the inventory's controls (kept here rather than in components/ui so a
// parallel branch adding primitives there cannot clash; the lead may move them).
export const btn = {
  base: 'inline-flex items-center justify-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50',
  primary: 'bg-brand-600 text-white hover:bg-brand-700',
  secondary: 'border border-gray-300 bg-surface text-ink hover:bg-gray-50',
  danger: 'bg-danger-600 text-white hover:bg-danger-700',
  dangerOutline: 'border border-danger-600 bg-surface text-danger-700 hover:bg-danger-50',
  ghost: 'text-ink-muted hover:bg-gray-100 hover:text-ink',
  small: 'px-2 py-1 text-xs',
};

export const cx = (...parts: (string | false | null | undefined)[]) => parts.filter(Boolean).join(' ');

export const field = 'rounded-md border border-gray-300 bg-surface px-2 py-1.5 text-sm text-ink';
export const label = 'block text-xs font-medium text-ink-muted';
