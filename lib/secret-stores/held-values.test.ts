import { describe, expect, it } from 'vitest';
import { dropValue, heldCount, HOLD_MS, holdValue, KEEP_CONTEXT_MS, MAX_HELD, peekHeld, takeHeld } from './held-values';

const T0 = 1_800_000_000_000;
const hold = (id: string, userId = 'local:a', now = T0) =>
  holdValue({ operationId: id, userId, value: `value-of-${id}`, attempts: 1, context: { id } }, now);

describe('held values', () => {
  it('hands the value only to the person who minted it', () => {
    hold('op-1');
    expect(peekHeld('op-1', 'local:b', T0)).toBeUndefined();
    expect(peekHeld('op-1', 'local:a', T0)?.value).toBe('value-of-op-1');
  });

  it('drops the value after HOLD_MS but keeps what "delete the token" needs until KEEP_CONTEXT_MS', () => {
    hold('op-2');
    expect(peekHeld('op-2', 'local:a', T0 + HOLD_MS - 1)?.value).toBe('value-of-op-2');
    const later = peekHeld<{ id: string }>('op-2', 'local:a', T0 + HOLD_MS);
    expect(later?.value).toBeNull();
    expect(later?.context).toEqual({ id: 'op-2' });
    // The value does not come back.
    expect(peekHeld('op-2', 'local:a', T0)?.value).toBeNull();
    expect(peekHeld('op-2', 'local:a', T0 + KEEP_CONTEXT_MS)).toBeUndefined();
  });

  it('take removes the entry; dropValue keeps the context without the value', () => {
    hold('op-3');
    dropValue('op-3');
    expect(peekHeld('op-3', 'local:a', T0)).toMatchObject({ value: null, context: { id: 'op-3' } });
    expect(takeHeld('op-3', 'local:a', T0)).toBeDefined();
    expect(peekHeld('op-3', 'local:a', T0)).toBeUndefined();
  });

  it('never holds more than MAX_HELD entries', () => {
    for (let i = 0; i < MAX_HELD + 20; i++) hold(`bulk-${i}`);
    expect(heldCount()).toBeLessThanOrEqual(MAX_HELD);
    expect(peekHeld(`bulk-${MAX_HELD + 19}`, 'local:a', T0)?.value).toBe(`value-of-bulk-${MAX_HELD + 19}`);
  });
});
