'use client';
// Settings' "send a test notice": each channel answers with delivered or its error in words.
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';

export interface TestNoticeOutcome {
  channel: string;
  target: string;
  recipients: string[];
  error?: string;
}

export function TestNoticeButton({
  send,
}: {
  send: (input: Record<string, never>) => Promise<ActionResult<{ results: TestNoticeOutcome[] }>>;
}) {
  const [pending, start] = useTransition();
  const [results, setResults] = useState<TestNoticeOutcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <Button
        size="sm"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const r = await send({});
            if (r.ok) setResults(r.data.results);
            else setError(r.formError);
          })
        }
      >
        {pending ? 'Sending…' : 'Send a test notice'}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-danger-700">
          {error}
        </p>
      ) : null}
      {results ? (
        <ul className="text-sm" data-testid="test-notice-results" aria-live="polite">
          {results.map((r) => (
            <li key={r.channel} data-channel={r.channel} data-ok={!r.error}>
              {r.error ? (
                <span className="text-danger-700">
                  {r.channel}: not delivered: {r.error}
                </span>
              ) : (
                <span className="text-ok-700">
                  {r.channel}: delivered to {r.recipients.join(', ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
