// An independent recomputation of the metrics straight from events: written without the reducer,
// its layout or its views, so that a test comparing the two can catch either being wrong.
import type { FeedEvent } from '@torch/shared';

const SHANGHAI = 8 * 3_600_000;
const dateOf = (ts: number) => new Date(ts + SHANGHAI).toISOString().slice(0, 10);

const REGION: Record<string, string> = {
  BR: 'brics', RU: 'brics', IN: 'brics', ZA: 'brics', AE: 'brics',
  JP: 'rcep', KR: 'rcep', SG: 'rcep', VN: 'rcep', MY: 'rcep', TH: 'rcep', AU: 'rcep',
  DE: 'eu', NL: 'eu', FR: 'eu', US: 'north-america', CA: 'north-america', MX: 'north-america',
  SA: 'belt-road', TR: 'belt-road', KZ: 'belt-road', PK: 'belt-road',
};

/** The amounts one event adds, by metric name. */
function amounts(e: FeedEvent): Record<string, number> {
  switch (e.kind) {
    case 'tax.invoice':
      return { sales: e.amount, invoices: 1, [`chain.${e.chain}`]: e.amount };
    case 'tax.receipt':
      return { [`tax.${e.taxType}`]: e.amount, tax: e.amount };
    case 'customs.declaration': {
      const dir = e.direction === 'export' ? 'exports' : 'imports';
      return { declarations: 1, [dir]: e.valueUsd, [`${dir}.${REGION[e.partner] ?? 'other'}`]: e.valueUsd, trade: e.valueUsd };
    }
    case 'registry.established':
      return { established: 1, netEstablished: 1, capitalAdded: e.capital, ...(e.foreign ? { foreignEstablished: 1 } : {}) };
    case 'registry.deregistered':
      return { deregistered: 1, netEstablished: -1 };
    case 'registry.changed':
      return { changes: 1, ...(e.change === 'capital' && e.capitalDelta ? { capitalAdded: e.capitalDelta } : {}) };
  }
}

export interface OracleTotals {
  today: number;
  mtd: number;
  ytd: number;
}

/** scope ('zone' or a park id) → metric → totals, at `asOf`, counting each (source, id) once. */
export function recompute(events: Iterable<FeedEvent>, asOf: number): Map<string, Map<string, OracleTotals>> {
  const today = dateOf(asOf);
  const seen = new Set<string>();
  const out = new Map<string, Map<string, OracleTotals>>();
  const bump = (scope: string, metric: string, field: keyof OracleTotals, v: number) => {
    let m = out.get(scope);
    if (!m) out.set(scope, (m = new Map()));
    let t = m.get(metric);
    if (!t) m.set(metric, (t = { today: 0, mtd: 0, ytd: 0 }));
    t[field] += v;
  };
  for (const e of events) {
    const key = `${e.kind.split('.')[0]}|${e.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const d = dateOf(e.ts);
    if (d > today) continue;
    for (const [metric, v] of Object.entries(amounts(e))) {
      for (const scope of ['zone', e.parkId]) {
        if (d.slice(0, 4) === today.slice(0, 4)) bump(scope, metric, 'ytd', v);
        if (d.slice(0, 7) === today.slice(0, 7)) bump(scope, metric, 'mtd', v);
        if (d === today) bump(scope, metric, 'today', v);
      }
    }
  }
  return out;
}

export function oracleValue(o: Map<string, Map<string, OracleTotals>>, scope: string, metric: string): OracleTotals {
  return o.get(scope)?.get(metric) ?? { today: 0, mtd: 0, ytd: 0 };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The date `ref` of `asOf`'s date in Shanghai: the day before, a week before, or the same date a year before (29 Feb → 28 Feb). */
function referenceDate(asOf: number, ref: 'yesterday' | 'lastWeek' | 'lastYear'): string {
  if (ref === 'yesterday') return dateOf(asOf - DAY);
  if (ref === 'lastWeek') return dateOf(asOf - 7 * DAY);
  const [y, m, d] = dateOf(asOf).split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Each metric on an earlier day from 00:00 up to `asOf`'s Shanghai time of day: hours before it
 * whole, the hour in progress pro rata (the view's buckets are hourly, so that is the definition it
 * uses). This is the base of 今日 环比 (yesterday) and of 今日 同比 (last year), and the intraday
 * chart's figures (last week, last year). Null when the events do not reach back to that day: the
 * view then has no base either. scope → metric → amount, counting each (source, id) once.
 */
export function recomputeSameTime(events: Iterable<FeedEvent>, asOf: number, ref: 'yesterday' | 'lastWeek' | 'lastYear'): Map<string, Map<string, number>> | null {
  const day = referenceDate(asOf, ref);
  const intoDay = (asOf + SHANGHAI) % DAY;
  const hourNow = Math.floor(intoDay / HOUR);
  const fraction = (intoDay - hourNow * HOUR) / HOUR;
  const seen = new Set<string>();
  const out = new Map<string, Map<string, number>>();
  let earliest: string | null = null;
  for (const e of events) {
    const key = `${e.kind.split('.')[0]}|${e.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const d = dateOf(e.ts);
    if (earliest === null || d < earliest) earliest = d;
    if (d !== day) continue;
    const hour = Math.floor(((e.ts + SHANGHAI) % DAY) / HOUR);
    const weight = hour < hourNow ? 1 : hour === hourNow ? fraction : 0;
    for (const [metric, v] of Object.entries(amounts(e))) {
      for (const scope of ['zone', e.parkId]) {
        let m = out.get(scope);
        if (!m) out.set(scope, (m = new Map()));
        m.set(metric, (m.get(metric) ?? 0) + v * weight);
      }
    }
  }
  return earliest !== null && earliest <= day ? out : null;
}

export function sameTimeValue(o: Map<string, Map<string, number>>, scope: string, metric: string): number {
  return o.get(scope)?.get(metric) ?? 0;
}
