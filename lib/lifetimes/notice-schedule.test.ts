import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueNotices, noticeStages, type NoticeKind } from './notice-schedule';

const DAY = 86_400_000;
const set = new Date('2026-11-01T00:00:00.000Z');
const expires = new Date('2026-12-01T00:00:00.000Z');
const leads = [3 * DAY, 14 * DAY];
const at = (iso: string) => new Date(iso);

describe('notice schedule', () => {
  it('14 days before, 3 days before, and at expiry, each once', () => {
    const due = (now: string, recorded: NoticeKind[] = []) => dueNotices({ expiresAt: expires, setAt: set, leads, recorded, now: at(now) });
    expect(due('2026-11-16T23:59:59.999Z')).toEqual({ send: undefined, supersede: [] });
    expect(due('2026-11-17T00:00:00.000Z').send).toEqual({ kind: 'before-14d', at: at('2026-11-17T00:00:00.000Z') });
    expect(due('2026-11-20T00:00:00.000Z', ['before-14d']).send).toBeUndefined();
    expect(due('2026-11-28T00:00:00.000Z', ['before-14d']).send?.kind).toBe('before-3d');
    expect(due('2026-12-01T00:00:00.000Z', ['before-14d', 'before-3d']).send?.kind).toBe('expired');
    expect(due('2027-01-01T00:00:00.000Z', ['before-14d', 'before-3d', 'expired'])).toEqual({ send: undefined, supersede: [] });
  });

  it('after downtime, only the latest notice goes out; the earlier ones are superseded', () => {
    const d = dueNotices({ expiresAt: expires, setAt: set, leads, recorded: [], now: at('2026-12-02T00:00:00.000Z') });
    expect(d.send?.kind).toBe('expired');
    expect(d.supersede.map((s) => s.kind)).toEqual(['before-14d', 'before-3d']);
  });

  it('a token shorter-lived than a lead time gets no notice for it', () => {
    const stages = noticeStages(at('2026-11-08T00:00:00.000Z'), set, leads);
    expect(stages.map((s) => s.kind)).toEqual(['before-3d', 'expired']);
    expect(noticeStages(at('2026-11-03T00:00:00.000Z'), set, leads).map((s) => s.kind)).toEqual(['expired']);
  });
});

/** A token's expiry, when it was set, lead times, and the times the console looked. */
const scenario = fc
  .record({
    setAt: fc.integer({ min: 0, max: 10_000 }),
    life: fc.integer({ min: 1, max: 5_000 }),
    leads: fc.array(fc.integer({ min: 1, max: 6_000 }), { maxLength: 4 }),
    ticks: fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 30 }),
  })
  .map((s) => ({ ...s, expiresAt: s.setAt + s.life, ticks: [...s.ticks].sort((a, b) => a - b) }));

/** Runs the ticks as the outbox would: records what is sent and what is superseded. */
function run(s: { setAt: number; expiresAt: number; leads: number[]; ticks: number[] }) {
  const recorded: NoticeKind[] = [];
  const sent: { kind: NoticeKind; at: number; tick: number }[] = [];
  for (const tick of s.ticks) {
    const d = dueNotices({
      expiresAt: new Date(s.expiresAt * 1000),
      setAt: new Date(s.setAt * 1000),
      leads: s.leads.map((l) => l * 1000),
      recorded,
      now: new Date(tick * 1000),
    });
    for (const x of d.supersede) {
      expect(recorded).not.toContain(x.kind);
      recorded.push(x.kind);
    }
    if (d.send) {
      expect(recorded).not.toContain(d.send.kind);
      recorded.push(d.send.kind);
      sent.push({ kind: d.send.kind, at: d.send.at.getTime() / 1000, tick });
    }
  }
  return { recorded, sent };
}

describe('notice schedule properties', () => {
  it('no notice twice, none before its time, and the expiry notice once the console looks after expiry', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { sent } = run(s);
        expect(new Set(sent.map((x) => x.kind)).size).toBe(sent.length);
        for (const x of sent) expect(x.at).toBeLessThanOrEqual(x.tick);
        const expired = sent.filter((x) => x.kind === 'expired');
        expect(expired.length).toBe(s.ticks.some((t) => t >= s.expiresAt) ? 1 : 0);
        // Notices go out in their order: a later one never before an earlier one.
        const times = sent.map((x) => x.at);
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
    );
  });

  it('every notice goes out when the console looks often enough', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 50 }), (s, pieces) => {
        const stages = noticeStages(
          new Date(s.expiresAt * 1000),
          new Date(s.setAt * 1000),
          s.leads.map((l) => l * 1000),
        );
        const times = stages.map((x) => x.at.getTime() / 1000);
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        // Ticks closer together than the closest two notices, from the setting until after expiry.
        const step = Math.max(1, Math.floor(Math.min(s.life, ...gaps) / pieces) || 1);
        if (gaps.some((g) => g < step)) return;
        const ticks: number[] = [];
        for (let t = s.setAt; t <= s.expiresAt + step; t += step) ticks.push(t);
        const { sent, recorded } = run({ ...s, ticks });
        expect(sent.map((x) => x.kind)).toEqual(stages.map((x) => x.kind));
        expect(recorded.length).toBe(stages.length);
      }),
    );
  });
});
