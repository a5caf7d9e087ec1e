'use client';
// A refused request form (send or change): the action's words, then each field's.
import type { ActionResult } from '@/lib/actions/result';

export interface RequestErrorState {
  message: string;
  fields: string[];
}

export function requestErrorOf(res: Extract<ActionResult<unknown>, { ok: false }>): RequestErrorState {
  return { message: res.formError, fields: Object.values(res.fieldErrors ?? {}).flat() };
}

export function RequestError({ error, id, testId }: { error: RequestErrorState | null; id?: string; testId: string }) {
  if (!error) return null;
  return (
    <div id={id} role="alert" data-testid={testId} className="text-sm text-danger-700">
      <p>{error.message}</p>
      {error.fields.length > 0 ? (
        <ul className="list-disc pl-5">
          {error.fields.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
