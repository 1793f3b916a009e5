// The reducer and its views, checked against plain recomputations written here (not the reducer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FeedEvent, type MetricsState, PARK_IDS, SOURCES, applyChanges, withChanges, createState, decodeEntry, diff, flatten,
  parseShanghai, reduce, regionOf, restoreState, serializeDay, serializeMeta, sourceOfKind, viewAt,
} from '@torch/shared';
import { generateRange } from '@torch/simulators';
import { recomputeSameTime, sameTimeValue } from '../helpers/oracle.ts';

const T = (s: string) => parseShanghai(s);
const base = { parkId: 'torch-park' as const, uscc: '91350200MA2Y3K4P2Q', name: '厦门测试电子有限公司' };
const invoice = (id: string, ts: number, amount: number, extra: Partial<FeedEvent> = {}): FeedEvent =>
  ({ ...base, id, ts, kind: 'tax.invoice', amount, chain: 'computer-comm', ...extra }) as FeedEvent;

function run(events: FeedEvent[], state: MetricsState = createState()): MetricsState {
  for (const e of events) reduce(state, e);
  return state;
}

describe('periods in Asia/Shanghai', () => {
  it('an event at 23:59:59 belongs to that day, one at 00:00:00 to the next', () => {
    const s = run([invoice('a', T('2026-03-31T23:59:59'), 100), invoice('b', T('2026-04-01T00:00'), 7)]);
    const v = viewAt(s, T('2026-04-01T10:00'));
    expect(v.metrics['torch-park'].sales.today).toBe(7);
    expect(v.metrics['torch-park'].sales.mtd).toBe(7);
    expect(v.metrics['torch-park'].sales.ytd).toBe(107);
    expect(viewAt(s, T('2026-03-31T23:59:59')).metrics.zone.sales.mtd).toBe(100);
  });

  it('同比 and 环比 compare the same span: today so far vs that day as far, month to date vs the same days', () => {
    const s = run([
      invoice('ly-start', T('2025-01-01T09:00'), 1), // history reaches back past every base period
      invoice('ly-0900', T('2025-06-10T09:00'), 1000), // same day last year, before 10:30
      invoice('ly-1500', T('2025-06-10T15:00'), 5000), // same day last year, after: not in the base
      invoice('ly-0603', T('2025-06-03T12:00'), 300), //  last year, earlier in the month
      invoice('y-0900', T('2026-06-09T09:00'), 800), //   yesterday before 10:30
      invoice('m-0503', T('2026-05-03T09:00'), 100), //   previous month, before day 10
      invoice('m-0520', T('2026-05-20T09:00'), 999), //   previous month, after day 10: not in the base
      invoice('t-0800', T('2026-06-10T08:00'), 1200), //  today
      invoice('t-0602', T('2026-06-02T08:00'), 300), //   this month
    ]);
    const zone = viewAt(s, T('2026-06-10T10:30')).metrics.zone.sales;
    expect(zone.today).toBe(1200);
    expect(zone.yoy.today).toBeCloseTo(1200 / 1000 - 1, 10);
    expect(zone.mom.today).toBeCloseTo(1200 / 800 - 1, 10);
    expect(zone.mtd).toBe(2300); // 06-02, yesterday and today
    expect(zone.yoy.mtd).toBeCloseTo(2300 / (300 + 1000) - 1, 10);
    expect(zone.mom.mtd).toBeCloseTo(2300 / 100 - 1, 10);
    expect(zone.ytd).toBe(2300 + 100 + 999);
  });

  it('carries the base of each 同比 and 环比, so a screen can print a difference where a percentage misleads', () => {
    const reg = (id: string, ts: number, kind: 'registry.established' | 'registry.deregistered') => ({ ...base, id, ts, kind, capital: 1e6, foreign: false, industryCode: 'I65' }) as FeedEvent;
    const s = run([
      invoice('ly-start', T('2025-01-01T09:00'), 1),
      ...Array.from({ length: 20 }, (_, i) => reg(`ly-e${i}`, T('2025-06-05T09:00') + i * 60_000, 'registry.established')),
      ...Array.from({ length: 14 }, (_, i) => reg(`t-d${i}`, T('2026-06-05T09:00') + i * 60_000, 'registry.deregistered')),
      invoice('y-0900', T('2026-06-09T09:00'), 800),
      invoice('t-0800', T('2026-06-10T08:00'), 1200),
    ]);
    const v = viewAt(s, T('2026-06-10T10:30')).metrics.zone;
    expect(v.netEstablished.mtd).toBe(-14);
    expect(v.netEstablished.base.yoy.mtd).toBe(20);
    expect(v.netEstablished.yoy.mtd).toBeCloseTo(-34 / 20, 10); // the ratio stays for the alert rules
    expect(v.sales.base.mom.today).toBe(800);
    expect(v.sales.base.yoy.today).toBe(0); // covered, nothing sold that day
    expect(v.sales.yoy.today).toBeNull();
    expect(v.sales.base.mom.mtd).toBe(0);
  });

  it('gives no comparison when the base period is not in the store', () => {
    const s = run([invoice('a', T('2026-06-10T08:00'), 5)]);
    const v = viewAt(s, T('2026-06-10T10:00')).metrics.zone.sales;
    expect(v.yoy).toEqual({ today: null, mtd: null, ytd: null });
    expect(v.base).toEqual({ yoy: { today: null, mtd: null, ytd: null }, mom: { today: null, mtd: null } });
  });
});

describe('the intraday comparison (今日开票累计)', () => {
  // Today so far against each reference day up to the same time of day, never against its whole day.
  const events = [
    invoice('ly-start', T('2025-01-01T09:00'), 1), // history reaches back past a year
    invoice('ly-0900', T('2025-06-10T09:00'), 1000), // a year ago, before 10:40
    invoice('ly-1015', T('2025-06-10T10:15'), 600), //  a year ago, in the hour in progress
    invoice('ly-1500', T('2025-06-10T15:00'), 5000), // a year ago, later that day
    invoice('w-0800', T('2026-06-03T08:00'), 300), //   a week ago, before 10:40
    invoice('w-1020', T('2026-06-03T10:20'), 90), //    a week ago, in the hour in progress
    invoice('w-1600', T('2026-06-03T16:00'), 16_000), // a week ago, in the afternoon
    invoice('t-0900', T('2026-06-10T09:00'), 330), //   today
  ];
  const asOf = T('2026-06-10T10:40');

  it('compares at the same time of day: whole hours before it, the hour in progress pro rata', () => {
    const v = viewAt(run(events), asOf).intraday.zone;
    expect(v.hour).toBeCloseTo(10 + 40 / 60, 10);
    expect(v.sameTime.today).toBe(330);
    expect(v.sameTime.lastWeek).toBeCloseTo(300 + 90 * (40 / 60), 9); // not 16,390 for the whole day
    expect(v.sameTime.lastYear).toBeCloseTo(1000 + 600 * (40 / 60), 9); // not 6,601
  });

  it('keeps the whole reference days as hourly curves (the faint curves end at the whole day)', () => {
    const v = viewAt(run(events), asOf).intraday.zone;
    expect(v.lastWeek!.reduce((a, b) => a + b, 0)).toBe(16_390);
    expect(v.lastWeek![16]).toBe(16_000);
    expect(v.today[9]).toBe(330);
  });

  it('equals the base of the KPI 今日 同比 for last year, per park as for the zone', () => {
    const view = viewAt(run(events), asOf);
    const kpi = view.metrics['torch-park'].sales;
    const sameTime = view.intraday['torch-park'].sameTime;
    expect(kpi.yoy.today).toBeCloseTo(sameTime.today / sameTime.lastYear! - 1, 10);
    expect(view.intraday['software-park-2'].sameTime).toEqual({ today: 0, lastWeek: 0, lastYear: 0 });
  });

  it('has no reference (null, not zero) for a day the store does not reach back to', () => {
    const v = viewAt(run([invoice('w', T('2026-06-05T08:00'), 5), invoice('t', T('2026-06-10T08:00'), 7)]), asOf).intraday.zone;
    expect(v.lastWeek).toBeNull();
    expect(v.lastYear).toBeNull();
    expect(v.sameTime).toEqual({ today: 7, lastWeek: null, lastYear: null });
  });
});

describe('duplicates, late and out-of-order events', () => {
  it('counts a duplicate id once and says so', () => {
    const s = createState();
    const e = invoice('dup', T('2026-06-10T09:00'), 50);
    expect(reduce(s, e)).toBe('applied');
    expect(reduce(s, { ...e })).toBe('duplicate');
    expect(viewAt(s, T('2026-06-10T12:00')).metrics.zone.sales.today).toBe(50);
    expect(s.sources.tax.duplicates).toBe(1);
  });

  it('a late event lands in the period its event time says', () => {
    const s = run([invoice('now', T('2026-06-10T09:00'), 10), invoice('late', T('2026-06-09T23:00'), 4)]);
    const v = viewAt(s, T('2026-06-10T12:00')).metrics.zone.sales;
    expect(v.today).toBe(10);
    expect(v.mtd).toBe(14);
  });

  it('refuses an event older than the duplicate horizon instead of risking a double count', () => {
    const s = createState({ dedupMaxIds: 3 });
    for (let i = 0; i < 5; i++) reduce(s, invoice(`e${i}`, T('2026-06-10T09:00') + i * 1000, 1));
    // e0 and e1 were forgotten: their time is now behind the horizon
    expect(reduce(s, invoice('e0', T('2026-06-10T09:00'), 1))).toBe('too-late');
    expect(s.sources.tax.seen.size).toBeLessThanOrEqual(3);
    expect(viewAt(s, T('2026-06-10T12:00')).metrics.zone.sales.today).toBe(5);
  });
});

describe('bounded memory', () => {
  it('drops hourly detail and then whole days past their retention', () => {
    const s = createState({ hourDays: 10, dayDays: 30 });
    for (let d = 0; d < 60; d++) reduce(s, invoice(`d${d}`, T('2026-01-01T10:00') + d * 86_400_000, 1));
    expect(s.days.size).toBeLessThanOrEqual(31);
    expect([...s.days.values()].filter((b) => b.hours).length).toBeLessThanOrEqual(11);
  });
});

/** Independent recomputation: sums straight from the events. */
function oracle(events: FeedEvent[], asOf: number) {
  const seen = new Set<string>();
  const day = (ts: number) => new Date(ts + 8 * 3_600_000).toISOString().slice(0, 10);
  const today = day(asOf);
  const out: Record<string, { sales: number; exports: number; tax: number; established: number; deregistered: number; bricsImports: number }> = {};
  for (const p of ['zone', ...PARK_IDS]) out[p] = { sales: 0, exports: 0, tax: 0, established: 0, deregistered: 0, bricsImports: 0 };
  for (const e of events) {
    const key = `${sourceOfKind(e.kind)}:${e.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (day(e.ts).slice(0, 7) !== today.slice(0, 7) || e.ts > asOf) continue; // month to date
    for (const p of ['zone', e.parkId]) {
      const o = out[p]!;
      if (e.kind === 'tax.invoice') o.sales += e.amount;
      if (e.kind === 'tax.receipt') o.tax += e.amount;
      if (e.kind === 'customs.declaration' && e.direction === 'export') o.exports += e.valueUsd;
      if (e.kind === 'customs.declaration' && e.direction === 'import' && regionOf(e.partner) === 'brics') o.bricsImports += e.valueUsd;
      if (e.kind === 'registry.established') o.established++;
      if (e.kind === 'registry.deregistered') o.deregistered++;
    }
  }
  return out;
}

describe('the reducer against an independent recomputation', () => {
  const events = [...generateRange({ seed: 31 }, T('2026-06-01'), T('2026-06-04T12:00'))];
  it('the same-time-of-day bases and intraday figures, the hour in progress pro rata', () => {
    const week = [...generateRange({ seed: 32 }, T('2026-05-27'), T('2026-06-03T10:40'))];
    const asOf = T('2026-06-03T10:40');
    const v = viewAt(run(week), asOf);
    const close = (got: number | null, want: number) => expect(got !== null && Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want))).toBe(true);
    const yesterday = recomputeSameTime(week, asOf, 'yesterday')!;
    const lastWeek = recomputeSameTime(week, asOf, 'lastWeek')!;
    expect(recomputeSameTime(week, asOf, 'lastYear')).toBeNull();
    for (const scope of ['zone', ...PARK_IDS] as const) {
      for (const metric of ['sales', 'tax', 'exports', 'netEstablished', 'declarations'] as const) close(v.metrics[scope][metric].base.mom.today, sameTimeValue(yesterday, scope, metric));
      close(v.intraday[scope].sameTime.lastWeek, sameTimeValue(lastWeek, scope, 'sales'));
      expect(v.intraday[scope].sameTime.lastYear).toBeNull();
    }
    expect(sameTimeValue(lastWeek, 'zone', 'sales')).toBeGreaterThan(0);
  });

  it('month-to-date per park and for the zone', () => {
    const asOf = T('2026-06-04T12:00');
    const v = viewAt(run(events), asOf);
    const o = oracle(events, asOf);
    for (const scope of ['zone', ...PARK_IDS] as const) {
      const m = v.metrics[scope];
      expect(m.sales.mtd).toBe(o[scope]!.sales);
      expect(m.exports.mtd).toBe(o[scope]!.exports);
      expect(m.tax.mtd).toBe(o[scope]!.tax);
      expect(m.established.mtd).toBe(o[scope]!.established);
      expect(m.netEstablished.mtd).toBe(o[scope]!.established - o[scope]!.deregistered);
      expect(m['imports.brics'].mtd).toBe(o[scope]!.bricsImports);
    }
  });

  it('gives the same state for any interleaving of the three streams (property)', () => {
    const bySource = SOURCES.map((s) => events.filter((e) => sourceOfKind(e.kind) === s));
    const reference = JSON.stringify(viewAt(run(events), T('2026-06-04T12:00')));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: events.length, maxLength: events.length }), (picks) => {
        const cursors = [0, 0, 0];
        const merged: FeedEvent[] = [];
        for (const pick of picks) {
          // take from the picked stream, or the next one that still has events
          for (let k = 0; k < 3; k++) {
            const s = (pick + k) % 3;
            if (cursors[s]! < bySource[s]!.length) {
              merged.push(bySource[s]![cursors[s]!++]!);
              break;
            }
          }
        }
        const view = viewAt(run(merged), T('2026-06-04T12:00'));
        // arrival-derived fields aside, identical
        return JSON.stringify(view) === reference;
      }),
      { numRuns: 25 },
    );
  });
});

describe('stream entries', () => {
  const good = JSON.stringify(invoice('x', T('2026-06-10T09:00'), 5));
  it('refuses an event time far after its arrival, an unknown schema version, and bad payloads', () => {
    const arrival = T('2026-06-10T08:00');
    const r = decodeEntry('tax', `${arrival}-0`, ['v', '1', 'e', good]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/after the event reached the log/);
    const ok = decodeEntry('tax', `${T('2026-06-10T09:00')}-3`, ['v', '1', 'e', good]);
    expect(ok.ok).toBe(true);
    const v2 = decodeEntry('tax', `${T('2026-06-10T09:00')}-0`, ['v', '2', 'e', good]);
    expect(!v2.ok && v2.reason).toMatch(/version 2/);
  });
});

describe('deltas', () => {
  it('applying the diff of two views to the first gives the second', () => {
    const s = createState();
    reduce(s, invoice('a', T('2026-06-10T09:00'), 5));
    const before = viewAt(s, T('2026-06-10T09:30'));
    reduce(s, invoice('b', T('2026-06-10T09:10'), 7));
    reduce(s, { ...base, id: 'r1', ts: T('2026-06-10T09:20'), kind: 'registry.established', chain: 'ic', industryCode: 'C39', capital: 1e6, foreign: true } as FeedEvent);
    const after = viewAt(s, T('2026-06-10T09:31'));
    const changes = diff(flatten(before), flatten(after));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.length).toBeLessThan(flatten(after).size / 4);
    const copy = JSON.parse(JSON.stringify(before));
    expect(applyChanges(copy, changes)).toEqual(JSON.parse(JSON.stringify(after)));
    // The immutable form gives the same result, leaves its input alone and shares untouched parts.
    const plain = JSON.parse(JSON.stringify(before));
    const frozen = JSON.stringify(plain);
    const next = withChanges(plain, changes);
    expect(next).toEqual(JSON.parse(JSON.stringify(after)));
    expect(JSON.stringify(plain)).toBe(frozen);
    expect(next.metrics['hubian-park']).toBe(plain.metrics['hubian-park']);
    expect(next.metrics['torch-park']).not.toBe(plain.metrics['torch-park']);
  });
});

describe('checkpoint and restore', () => {
  it('a restored state forgets ids in the same order as the live one, so both refuse the same late events', () => {
    const live = createState({ dedupMaxIds: 4 });
    const base = T('2026-06-10T09:00');
    // A late event is remembered after newer ones: insertion order differs from event-time order.
    // Six ids with room for four: the first two are forgotten, but the journal (what the edge stores,
    // in runs dropped only once wholly forgotten) still lists them; the restored state forgets them again.
    for (const [id, dt] of [['x', -60], ['y', -30], ['a', 0], ['b', 60], ['late', -3600], ['c', 120]] as const) reduce(live, invoice(id, base + dt * 1000, 1));
    const journalled = live.journal.newIds.tax.map((id, i) => [id, live.journal.newTs.tax[i]!] as [string, number]);
    expect(journalled.map(([id]) => id)).toEqual(['x', 'y', 'a', 'b', 'late', 'c']);
    const restored = restoreState({ meta: serializeMeta(live), days: [...live.days].map(([d, b]) => [d, serializeDay(b)] as [number, string]), seen: { tax: journalled, customs: [], registry: [] } }, { dedupMaxIds: 4 });
    const probe = (s: typeof live) => [reduce(s, invoice('d', base + 180_000, 1)), reduce(s, invoice('probe', base - 1800_000, 1))];
    expect([...restored.sources.tax.seen]).toEqual([...live.sources.tax.seen]);
    expect(probe(restored)).toEqual(probe(live));
    expect(viewAt(restored, base + 3_600_000)).toEqual(viewAt(live, base + 3_600_000));
  });
});
