// Tailwind 4 is configured in CSS; app/globals.css loads this file with @config so the design
// tokens live in one typed place, as the design card asks.
import type { Config } from 'tailwindcss';

export default {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: { 50: '#eef4ff', 100: '#d9e6ff', 500: '#3b6ef5', 600: '#2a55d6', 700: '#2143a8' },
        // faint is for secondary text (ids, type names, hints): it keeps 4.5:1 (WCAG AA) on white,
        // gray-50/100 and the brand/warn/danger tints, so a lighter shade would fail axe.
        ink: { DEFAULT: '#111827', muted: '#4b5563', faint: '#656d7a' },
        surface: { DEFAULT: '#ffffff', sunken: '#f3f4f6', raised: '#ffffff' },
        danger: { 50: '#fef2f2', 600: '#dc2626', 700: '#b91c1c' },
        warn: { 50: '#fffbeb', 600: '#d97706', 800: '#92400e' },
        ok: { 50: '#ecfdf5', 600: '#059669', 700: '#047857' },
      },
      borderRadius: { card: '0.75rem' },
      fontFamily: { mono: ['ui-monospace', 'SFMono-Regular', 'Menlo', 'monospace'] },
    },
  },
} satisfies Config;
