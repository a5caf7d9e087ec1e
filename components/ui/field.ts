// Class names of the console's form controls (inputs, selects) and their small labels.
export const fieldClass = 'rounded-md border border-gray-300 bg-surface px-2 py-1.5 text-sm text-ink';
export const labelClass = 'block text-xs font-medium text-ink-muted';
