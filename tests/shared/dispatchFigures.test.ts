// Timeliness figures per unit and month on a hand-made set of cases, each driven through the real
// lifecycle at chosen instants.
import { describe, expect, it } from 'vitest';
import { type Actor, type Case, DispatchRequestSchema } from '../../shared/src/dispatch/case.ts';
import { caseFigures, unitMonthFigures } from '../../shared/src/dispatch/figures.ts';
import { apply, createCase } from '../../shared/src/dispatch/lifecycle.ts';
import { DEFAULT_DISPATCH_POLICY as policy } from '../../shared/src/dispatch/policy.ts';
import { HOUR_MS, MINUTE_MS, parseShanghai } from '../../shared/src/time.ts';

const at = parseShanghai;
const min = (n: number) => n * MINUTE_MS;
const official: Actor = { username: 'duty.li', role: 'official', units: [] };
const member = (unit: string): Actor => ({ username: `${unit}.m`.slice(0, 32), role: 'responder', units: [unit] });
const A = 'bureau-economy';
const B = 'liaison-tax';

/** A P1 case (30 min to accept, 4 h to report, around the clock) and the steps it went through. */
function story(id: string, unit: string, dispatched: string, steps: [string, string, Record<string, unknown>?][] = []): Case {
  const r = createCase(id, DispatchRequestSchema.parse({ title: id, priority: 'P1', unitId: unit }), official, at(dispatched), policy);
  if (!r.ok) throw new Error(r.message);
  let c = r.case;
  for (const [type, when, extra] of steps) {
    const who = ['accept', 'start', 'report'].includes(type) ? member(c.unitId) : official;
    const fill = type === 'report' ? { findings: 'f', actions: 'a' } : type === 'return' || type === 'cancel' ? { reason: 'r' } : {};
    const res = apply(c, { type, version: c.version, ...fill, ...extra } as never, who, at(when), policy);
    if (!res.ok) throw new Error(`${id} ${type}: ${res.message}`);
    c = res.case;
  }
  return c;
}

// Monday 2026-03-02 … Tuesday 2026-03-31, then April.
const cases: Case[] = [
  // On time throughout: accepted in 20 min, reported in 2 h, closed in 3 h.
  story('c1', A, '2026-03-02T10:00', [['accept', '2026-03-02T10:20'], ['report', '2026-03-02T12:00'], ['close', '2026-03-02T13:00']]),
  // Late twice: accepted in 40 min (due 10:30), reported after 5 h (due 14:00); waiting for the official.
  story('c2', A, '2026-03-03T10:00', [['accept', '2026-03-03T10:40'], ['report', '2026-03-03T15:00']]),
  // Cancelled: counted, left out of times and rates.
  story('c3', A, '2026-03-04T10:00', [['cancel', '2026-03-04T10:05']]),
  // Dispatched at 23:50 on the last day of March (Shanghai), not accepted by 01:00: late to accept,
  // report not yet due (03:50).
  story('c4', A, '2026-03-31T23:50'),
  // Sent to A, reassigned to B an hour later: B's from 11:00, accepted 11:10 on time (due 11:30).
  story('c5', A, '2026-03-05T10:00', [['reassign', '2026-03-05T11:00', { unitId: B }], ['accept', '2026-03-05T11:10']]),
  // April, B: reported on time, returned, reported again after the new deadline (14:30) → late.
  story('c6', B, '2026-04-01T09:00', [['accept', '2026-04-01T09:10'], ['report', '2026-04-01T10:00'], ['return', '2026-04-01T10:30'], ['report', '2026-04-01T15:00'], ['close', '2026-04-01T16:00']]),
];
const NOW = at('2026-04-01T01:00');

describe('per unit and month', () => {
  const rows = unitMonthFigures(cases.slice(0, 5), NOW, policy);

  it('groups by the month of the dispatch to the current unit, Shanghai time', () => {
    expect(rows.map((r) => [r.month, r.unitId, r.cases])).toEqual([
      ['2026-03', A, 4],
      ['2026-03', B, 1],
    ]);
  });

  it('gives A its means, in wall-clock and in working time, and its rates', () => {
    const a = rows[0]!;
    expect(a).toMatchObject({ cancelled: 1, open: 2, overdueOpen: 1 });
    expect(a.toAccept).toEqual({ count: 2, meanMs: min(30), meanWorkingMs: min(30) });
    // 2 h and 5 h; in working time 2 h and 10:00–15:00 less the lunch break, 3.5 h.
    expect(a.toReport).toEqual({ count: 2, meanMs: 3.5 * HOUR_MS, meanWorkingMs: 2.75 * HOUR_MS });
    expect(a.toClose).toEqual({ count: 1, meanMs: 3 * HOUR_MS, meanWorkingMs: 2 * HOUR_MS }); // 10:00–12:00, then lunch
    expect(a.acceptOnTime).toEqual({ onTime: 1, decided: 3, rate: 1 / 3 });
    expect(a.reportOnTime).toEqual({ onTime: 1, decided: 2, rate: 1 / 2 });
  });

  it('gives B the reassigned case from the reassignment', () => {
    const b = rows[1]!;
    expect(b.toAccept).toEqual({ count: 1, meanMs: min(10), meanWorkingMs: min(10) });
    expect(b.acceptOnTime).toEqual({ onTime: 1, decided: 1, rate: 1 });
    // Report due 15:00 on 03-05, long past at NOW and never reported.
    expect(b.reportOnTime).toEqual({ onTime: 0, decided: 1, rate: 0 });
    expect(b.overdueOpen).toBe(1);
  });
});

describe('caseFigures', () => {
  it('a report after a return that misses the new deadline makes the case late', () => {
    const f = caseFigures([cases[5]!], at('2026-04-02T00:00'), policy);
    expect(f.reportOnTime).toEqual({ onTime: 0, decided: 1, rate: 0 });
    expect(f.toReport).toEqual({ count: 1, meanMs: HOUR_MS, meanWorkingMs: HOUR_MS }); // the first report
    expect(f.toClose.meanMs).toBe(7 * HOUR_MS);
  });

  it('nothing decided yet gives null rates and means', () => {
    const fresh = story('c9', A, '2026-03-02T10:00');
    const f = caseFigures([fresh], at('2026-03-02T10:10'), policy);
    expect(f).toMatchObject({ cases: 1, open: 1, overdueOpen: 0 });
    expect(f.acceptOnTime.rate).toBeNull();
    expect(f.toAccept).toEqual({ count: 0, meanMs: null, meanWorkingMs: null });
    expect(caseFigures([], NOW, policy).cases).toBe(0);
  });

  it('the same case becomes late by the clock alone', () => {
    const fresh = story('c9', A, '2026-03-02T10:00');
    expect(caseFigures([fresh], at('2026-03-02T10:30'), policy).acceptOnTime.decided).toBe(0);
    expect(caseFigures([fresh], at('2026-03-02T10:30') + 1, policy).acceptOnTime).toEqual({ onTime: 0, decided: 1, rate: 0 });
  });
});
