// The console's one set of button styles. <Button> for buttons (also inside Radix `asChild`
// slots); buttonClass() for what must stay another element, such as a Link that looks like one.
import type { ButtonHTMLAttributes, Ref } from 'react';
import { cx } from './class-names';

const VARIANTS = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-600/50',
  secondary: 'border border-gray-300 bg-surface text-ink hover:bg-gray-50 disabled:text-ink-faint',
  danger: 'bg-danger-600 text-white hover:bg-danger-700 disabled:bg-danger-600/50',
  dangerOutline: 'border border-danger-600 bg-surface text-danger-700 hover:bg-danger-50 disabled:opacity-50',
  ghost: 'text-ink-muted hover:bg-gray-100 hover:text-ink disabled:text-ink-faint',
} as const;

const SIZES = {
  sm: 'px-2.5 py-1 text-xs',
  md: 'px-4 py-2 text-sm',
} as const;

export type ButtonVariant = keyof typeof VARIANTS;
export type ButtonSize = keyof typeof SIZES;

export function buttonClass({
  variant = 'secondary',
  size = 'md',
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  return cx(
    'inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed',
    SIZES[size],
    VARIANTS[variant],
    className,
  );
}

export function Button({
  variant,
  size,
  className,
  ref,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  ref?: Ref<HTMLButtonElement>;
}) {
  return <button ref={ref} type="button" {...props} className={buttonClass({ variant, size, className })} />;
}
