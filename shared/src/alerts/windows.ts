// Sliding windows for drop and spike rules. The current window is counted exactly, per minute of
// event time, from the events themselves; past windows (last week, the trailing days) are read from
// the reducer's hourly buckets, each hour weighted by how much of it the window covers (events are
// taken as spread evenly within an hour: the only approximation in alerting, and the same in live
// and replay).
import type { FeedEvent } from '../events.ts';
import type { ParkId } from '../parks.ts';
import { DAY_WIDTH, DERIVED_TERMS, F, P, fieldOf, type Field } from '../metrics/layout.ts';
import type { MetricsState } from '../metrics/state.ts';
import { HOUR_MS, MINUTE_MS, dayNumber, dayNumberStart } from '../time.ts';
import { PARK_IDS } from '../parks.ts';
import type { WindowMetric } from './rules.ts';

/** What one event adds to a window metric. */
export function windowAmount(e: FeedEvent, metric: WindowMetric): number {
  switch (metric) {
    case 'sales': return e.kind === 'tax.invoice' ? e.amount : 0;
    case 'invoices': return e.kind === 'tax.invoice' ? 1 : 0;
    case 'tax': return e.kind === 'tax.receipt' ? e.amount : 0;
    case 'exports': return e.kind === 'customs.declaration' && e.direction === 'export' ? e.valueUsd : 0;
    case 'imports': return e.kind === 'customs.declaration' && e.direction === 'import' ? e.valueUsd : 0;
    case 'trade': return e.kind === 'customs.declaration' ? e.valueUsd : 0;
    case 'declarations': return e.kind === 'customs.declaration' ? 1 : 0;
    case 'established': return e.kind === 'registry.established' ? 1 : 0;
    case 'deregistered': return e.kind === 'registry.deregistered' ? 1 : 0;
  }
}

const TERMS: Record<WindowMetric, [number, number][]> = {
  sales: [[fieldOf('sales'), 1]],
  invoices: [[fieldOf('invoices'), 1]],
  tax: DERIVED_TERMS.tax.map(([f, s]) => [fieldOf(f as Field), s]),
  exports: [[fieldOf('exports'), 1]],
  imports: [[fieldOf('imports'), 1]],
  trade: DERIVED_TERMS.trade.map(([f, s]) => [fieldOf(f as Field), s]),
  declarations: [[fieldOf('declarations'), 1]],
  established: [[fieldOf('established'), 1]],
  deregistered: [[fieldOf('deregistered'), 1]],
};

/**
 * The metric over [from, to) of event time from hourly buckets, hours weighted by overlap. Null
 * when part of the span has no hourly detail (before the store's history, or past hourly retention).
 */
export function pastWindow(state: MetricsState, metric: WindowMetric, park: ParkId | null, from: number, to: number): number | null {
  const parks = park === null ? [...Array(P).keys()] : [PARK_IDS.indexOf(park)];
  let total = 0;
  for (let h = Math.floor(from / HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) {
    const overlap = Math.min(to, h + HOUR_MS) - Math.max(from, h);
    if (overlap <= 0) continue;
    const day = dayNumber(h);
    const bucket = state.days.get(day);
    if (!bucket?.hours) return null;
    const base = Math.floor((h - dayNumberStart(day)) / HOUR_MS) * DAY_WIDTH;
    let v = 0;
    for (const k of parks) for (const [f, sign] of TERMS[metric]) v += sign * bucket.hours[base + k * F + f]!;
    total += (v * overlap) / HOUR_MS;
  }
  return total;
}

/** Sum of a minute ring over the `minutes` whole minutes before `at` (a minute boundary). */
export function ringSum(ring: Map<number, number>, at: number, minutes: number): number {
  const end = Math.floor(at / MINUTE_MS);
  let s = 0;
  for (let m = end - minutes; m < end; m++) s += ring.get(m) ?? 0;
  return s;
}
