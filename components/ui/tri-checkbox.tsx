'use client';
// A checkbox that can also show "some" (indeterminate), which only exists as a DOM property.
import { useEffect, useRef, type InputHTMLAttributes } from 'react';

export function TriCheckbox({
  state,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'checked'> & { state: 'all' | 'some' | 'none' }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={state === 'all'}
      aria-checked={state === 'some' ? 'mixed' : state === 'all'}
      className="size-4 accent-brand-600"
      {...props}
    />
  );
}
