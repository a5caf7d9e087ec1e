// InfluxDB OSS answers GET /api/v2/authorizations with the whole list in one body (100,000 tokens
// is tens of megabytes). Buffering it and then JSON.parse-ing it holds the list twice, as text and
// as objects, before we even map it. This scanner walks the bytes as they arrive and hands out one
// element of the top-level `authorizations` array at a time, so only the current element's bytes
// are ever kept. It works on bytes, not characters: every JSON structural character is ASCII and
// no byte of a multi-byte UTF-8 sequence is below 0x80, so a chunk may split anything anywhere.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;

const TARGET_KEY = Buffer.from('authorizations');

export class AuthorizationListScanner<T> {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Raw bytes of the last string seen at depth 1 (a key when a colon follows). */
  private topString: Buffer[] | undefined;
  private lastTopString: Buffer | undefined;
  private pendingKey: Buffer | undefined;
  /** Depth of the array that holds the elements, once its key has been read. */
  private inTargetArray = false;
  private sawTargetArray = false;
  private element: Buffer[] = [];
  private elementStart = -1;
  private started = false;

  constructor(private readonly onElement: (value: T) => void) {}

  push(chunk: Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // An element that began in an earlier chunk continues from the start of this one.
    this.elementStart = this.element.length > 0 ? 0 : -1;
    let topStringStart = this.topString ? 0 : -1;
    for (let i = 0; i < bytes.length; i++) {
      if (this.inString) {
        // Most of the body is string contents: jump to the next quote (native memchr) instead of
        // looking at every byte, then tell an escaped quote by the backslashes right before it.
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        const quote = bytes.indexOf(QUOTE, i);
        const end = quote < 0 ? bytes.length : quote;
        let backslashes = 0;
        while (end - 1 - backslashes >= i && bytes[end - 1 - backslashes] === BACKSLASH) backslashes++;
        if (quote < 0) {
          this.escaped = backslashes % 2 === 1;
          break;
        }
        i = quote;
        if (backslashes % 2 === 1) continue;
        this.inString = false;
        if (this.topString) {
          this.topString.push(bytes.subarray(topStringStart, i));
          this.lastTopString = Buffer.concat(this.topString);
          this.topString = undefined;
          topStringStart = -1;
        }
        continue;
      }
      const b = bytes[i]!;
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1) {
            this.topString = [];
            topStringStart = i + 1;
          }
          break;
        case COLON:
          if (this.depth === 1) this.pendingKey = this.lastTopString;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (this.depth === 0) {
            if (b !== OPEN_OBJECT || this.started) throw new SyntaxError('authorization list: expected one JSON object');
            this.started = true;
          } else if (this.depth === 1 && b === OPEN_ARRAY && this.pendingKey?.equals(TARGET_KEY)) {
            this.inTargetArray = true;
            this.sawTargetArray = true;
          } else if (this.depth === 2 && this.inTargetArray) {
            this.elementStart = i;
          }
          this.depth++;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.depth === 0) throw new SyntaxError('authorization list: unbalanced brackets');
          this.depth--;
          if (this.depth === 2 && this.inTargetArray) {
            this.element.push(bytes.subarray(this.elementStart, i + 1));
            this.emit();
            this.elementStart = -1;
          } else if (this.depth === 1) {
            this.inTargetArray = false;
            this.pendingKey = undefined;
          }
          break;
        default:
          if (this.depth === 0 && b > 0x20) throw new SyntaxError('authorization list: expected one JSON object');
      }
    }
    // Keep what is still open; the rest of this chunk is no longer referenced.
    if (this.elementStart >= 0) this.element.push(Buffer.from(bytes.subarray(this.elementStart)));
    if (this.topString && topStringStart >= 0) this.topString.push(Buffer.from(bytes.subarray(topStringStart)));
  }

  /** Call after the last chunk: throws when the body ended early. Whether the array was present. */
  end(): boolean {
    if (!this.started || this.depth !== 0 || this.inString) throw new SyntaxError('authorization list: body ended early');
    return this.sawTargetArray;
  }

  private emit(): void {
    const text = this.element.length === 1 ? this.element[0]!.toString('utf8') : Buffer.concat(this.element).toString('utf8');
    this.element = [];
    this.onElement(JSON.parse(text) as T);
  }
}

// A long list arrives faster than it is parsed, so the next chunk is always ready and a plain loop
// over them would parse the whole body as one task: every other request (a page, the poll of a
// page showing the list) would wait for it. The loop lets them in after this much work.
const SLICE_MS = 5;

/** Reads the `authorizations` array of a streamed body, mapping each element as soon as it is whole. */
export async function collectAuthorizations<T, R>(
  chunks: AsyncIterable<Uint8Array>,
  map: (raw: T) => R,
  { sliceMs = SLICE_MS }: { sliceMs?: number } = {},
): Promise<R[]> {
  const out: R[] = [];
  const scanner = new AuthorizationListScanner<T>((raw) => out.push(map(raw)));
  let sliceStart = performance.now();
  for await (const chunk of chunks) {
    scanner.push(chunk);
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  scanner.end();
  return out;
}
