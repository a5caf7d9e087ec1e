// A bound on how many password checks run at once; the others wait their turn, first come first
// served. argon2id (@node-rs/argon2) runs on libuv's thread pool, 4 threads by default, which also
// serves zlib (the compression of every response), webcrypto and asynchronous file access: with 20
// sign-ins at once every thread was hashing, and any request needing one waited behind them (the
// benchmark's "a mint during 20 sign-ins"). Two at once leave the other threads free, and bound the
// memory the checks hold (argon2id's defaults take 19 MiB each: 20 at once would hold 380 MiB). On
// 2 cores, two checks at once already keep both busy, so a burst of sign-ins takes about as long.

export interface Slots {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now, and waiting. */
  readonly load: { running: number; waiting: number };
}

export function createSlots(size: number): Slots {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next();
    }
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < size) running++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get load() {
      return { running, waiting: waiting.length };
    },
  };
}
