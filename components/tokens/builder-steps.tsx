// The builder's three steps, the current one marked for sight and for screen readers.
import type { Step } from './use-token-builder';

const LABELS: Record<Step, string> = { build: 'Build', review: 'Review', done: 'Copy once' };

export function BuilderSteps({ current }: { current: Step }) {
  return (
    <ol className="mt-2 flex gap-2 text-sm" aria-label="Steps">
      {(['build', 'review', 'done'] as const).map((s, i) => (
        <li
          key={s}
          aria-current={current === s ? 'step' : undefined}
          className={`rounded-full px-3 py-0.5 ${current === s ? 'bg-brand-600 text-white' : 'bg-gray-100 text-ink-muted'}`}
        >
          {i + 1}. {LABELS[s]}
        </li>
      ))}
    </ol>
  );
}
