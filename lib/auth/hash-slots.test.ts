import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSlots } from './hash-slots';

/** A task that runs until the test ends it. */
function held() {
  let end!: (fail?: Error) => void;
  const done = new Promise<string>((resolve, reject) => (end = (fail) => (fail ? reject(fail) : resolve('done'))));
  return { done, end };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('password-check slots', () => {
  it('runs at most `size` at once, starts the rest in arrival order, and frees a slot on failure', async () => {
    const slots = createSlots(2);
    const tasks = Array.from({ length: 5 }, held);
    const started: number[] = [];
    const results = tasks.map((t, i) =>
      slots
        .run(() => {
          started.push(i);
          return t.done;
        })
        .catch((e: Error) => e.message),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect(slots.load).toEqual({ running: 2, waiting: 3 });
    tasks[1]!.end(new Error('wrong hash format'));
    await settle();
    expect(started).toEqual([0, 1, 2]);
    tasks[0]!.end();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const t of tasks.slice(2)) t.end();
    expect(await Promise.all(results)).toEqual(['done', 'wrong hash format', 'done', 'done', 'done']);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('never has more than `size` running, whatever the order tasks end in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), async (size, order) => {
        const slots = createSlots(size);
        const tasks = order.map(() => held());
        let now = 0;
        let most = 0;
        const all = Promise.all(
          tasks.map((t) =>
            slots.run(async () => {
              now++;
              most = Math.max(most, now);
              try {
                return await t.done;
              } finally {
                now--;
              }
            }),
          ),
        );
        const left = [...tasks];
        for (const pick of order) {
          await settle();
          left.splice(pick % left.length, 1)[0]!.end();
        }
        await all;
        expect(most).toBe(Math.min(size, tasks.length));
      }),
      { numRuns: 50 },
    );
  });
});
