import { afterEach, describe, expect, it } from 'vitest';
import { recordAudit } from '@/lib/storage/audit';
import { testStorages } from '@/lib/storage/support/open-test-storage';
import { csvCell, exportFilename, exportStream } from './export';

const stores = testStorages();
afterEach(stores.disposeAll);

async function chunks(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) out.push(decoder.decode(chunk));
  return out;
}

describe('audit export', () => {
  it('quotes CSV cells as RFC 4180 says, and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
    expect(exportFilename('csv', new Date('2026-11-30T08:00:00Z'))).toBe('audit-2026-11-30.csv');
  });

  it('exports a filtered range oldest first, in CSV and JSON Lines', async () => {
    const db = await stores.open();
    const ada = { id: 'local:ada', name: 'Ada, "the admin"', role: 'admin' as const };
    for (let i = 0; i < 5; i++)
      await recordAudit(
        {
          requestId: `r${i}`,
          actor: ada,
          action: i % 2 ? 'auth.signin' : 'token.create',
          outcome: 'success',
          detail: { n: i, note: 'x,\ny' },
        },
        db,
      );
    const csv = (await chunks(await exportStream({ action: 'token.create' }, 'csv', db))).join('');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'id,at,request_id,actor_id,actor_name,actor_email,actor_role,action,outcome,org_id,authorization_id,detail,prev_hash,hash',
    );
    expect(lines.filter((l) => /^\d+,/.test(l)).map((l) => l.split(',')[2])).toEqual(['r0', 'r2', 'r4']);
    expect(csv).toContain('"Ada, ""the admin"""');
    expect(csv).toContain('"{""n"":0,""note"":""x,\\ny""}"');
    const jsonl = (await chunks(await exportStream({ action: 'auth.signin' }, 'jsonl', db))).join('');
    const rows = jsonl
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { request_id: string; detail: { n: number } });
    expect(rows.map((r) => [r.request_id, r.detail.n])).toEqual([
      ['r1', 1],
      ['r3', 3],
    ]);
  });

  it('streams a large trail in batches of 500, complete and in order', async () => {
    const db = await stores.open();
    const actor = { id: 'local:ada', name: 'Ada', role: 'admin' as const };
    await db.transaction(async (tx) => {
      for (let i = 0; i < 20_000; i++) await recordAudit({ requestId: `r${i}`, actor, action: 'token.describe', outcome: 'success' }, tx);
    });
    const stream = await exportStream({}, 'jsonl', db);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).trimEnd().split('\n')).toHaveLength(500);
    reader.releaseLock();
    const rest = await chunks(stream);
    expect(rest.length).toBeGreaterThan(30);
    const ids = [new TextDecoder().decode(first.value), ...rest]
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toHaveLength(20_000);
    expect(ids[0]).toBe(1);
    expect(ids.at(-1)).toBe(20_000);
    expect(new Set(ids).size).toBe(20_000);
  }, 60_000);
});
