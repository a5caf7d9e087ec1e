'use client';
// The behaviour shared by the searchable pickers (buckets, Telegraf configurations, InfluxDB
// users): an ARIA combobox input over a listbox, a debounced query, arrow keys and Enter to choose,
// Escape to close, and closing on blur after a moment (a click on an option blurs the input
// first; focusing again cancels the close). The pickers render their own options.
import { useEffect, useId, useRef, useState, type InputHTMLAttributes } from 'react';

export function useSearchCombobox() {
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(closeTimer.current), []);
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 150);
    return () => clearTimeout(t);
  }, [text]);
  // A new query starts at the first option; adjusted during render, as React advises for state
  // that follows other state.
  const [activeFor, setActiveFor] = useState(q);
  if (activeFor !== q) {
    setActiveFor(q);
    setActive(0);
  }

  const listId = `${id}-list`;
  const inputId = `${id}-input`;
  const optionId = (i: number) => `${id}-opt-${i}`;

  /** Props for the input, given the options shown now and what choosing option i does. */
  const inputProps = (count: number, onChoose: (index: number) => void): InputHTMLAttributes<HTMLInputElement> => ({
    id: inputId,
    role: 'combobox',
    'aria-expanded': open,
    'aria-controls': listId,
    'aria-autocomplete': 'list',
    'aria-activedescendant': open && active < count ? optionId(active) : undefined,
    autoComplete: 'off',
    value: text,
    onChange: (e) => {
      clearTimeout(closeTimer.current);
      setText(e.target.value);
      setOpen(true);
    },
    onFocus: () => {
      clearTimeout(closeTimer.current);
      setOpen(true);
    },
    onBlur: () => {
      clearTimeout(closeTimer.current);
      closeTimer.current = setTimeout(() => setOpen(false), 150);
    },
    onKeyDown: (e) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setOpen(true);
        setActive((a) => Math.min(a + 1, count - 1));
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => Math.max(a - 1, 0));
      } else if (e.key === 'Enter') {
        e.preventDefault();
        onChoose(active);
      } else if (e.key === 'Escape' && open) {
        e.stopPropagation();
        setOpen(false);
      }
    },
  });

  /** After a choice: empty the input and close the list. */
  const reset = () => {
    setText('');
    setOpen(false);
  };

  return { q, open, active, setActive, inputId, listId, optionId, inputProps, reset };
}
