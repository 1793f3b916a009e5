// The one reducer: live aggregation, replay and tests all call it. No I/O and no clock: time comes
// from the events. It mutates the state in place (a wall's state is large; copying it per event
// would be waste) and returns what it did with the event.
//
// Rules it keeps:
//  - an event lands in the day and hour its event time says, however late it arrives;
//  - an id seen before on the same source is a duplicate and changes nothing but a counter;
//  - an event older than the source's duplicate-detection horizon cannot be checked, so it is
//    refused (counted as too late) rather than risk counting it twice;
//  - nothing depends on how the three sources interleave: per-source bookkeeping is per source.
import { CHAIN_IDS, type ChainId } from '../chains.ts';
import { type FeedEvent, TAX_TYPES, type TaxType, sourceOfKind } from '../events.ts';
import { REGION_IDS, type RegionId, regionOf } from '../trade.ts';
import { HOUR_MS, MINUTE_MS, dayNumber, dayNumberStart } from '../time.ts';
import type { Source } from '../streams.ts';
import { DAY_WIDTH, F, fieldOf, parkOf } from './layout.ts';
import { type DayBucket, type MetricsState, type SourceState, newDay } from './state.ts';

export type ReduceOutcome = 'applied' | 'duplicate' | 'too-late';

const I = {
  sales: fieldOf('sales'),
  invoices: fieldOf('invoices'),
  exports: fieldOf('exports'),
  imports: fieldOf('imports'),
  declarations: fieldOf('declarations'),
  established: fieldOf('established'),
  deregistered: fieldOf('deregistered'),
  foreignEstablished: fieldOf('foreignEstablished'),
  capitalAdded: fieldOf('capitalAdded'),
  changes: fieldOf('changes'),
};

const CHAIN_FIELD = Object.fromEntries(CHAIN_IDS.map((c) => [c, fieldOf(`chain.${c}`)])) as Record<ChainId, number>;
const TAX_FIELD = Object.fromEntries(TAX_TYPES.map((t) => [t, fieldOf(`tax.${t}`)])) as Record<TaxType, number>;
const EXPORT_FIELD = Object.fromEntries(REGION_IDS.map((r) => [r, fieldOf(`exports.${r}`)])) as Record<RegionId, number>;
const IMPORT_FIELD = Object.fromEntries(REGION_IDS.map((r) => [r, fieldOf(`imports.${r}`)])) as Record<RegionId, number>;

/**
 * Write the event's (field, amount) pairs into `out` (field indexes, amounts); returns how many.
 * A reused scratch buffer, and no closure: this runs once per event.
 */
function contributions(e: FeedEvent, f: Int32Array, a: Float64Array): number {
  switch (e.kind) {
    case 'tax.invoice':
      f[0] = I.sales; a[0] = e.amount;
      f[1] = I.invoices; a[1] = 1;
      f[2] = CHAIN_FIELD[e.chain]; a[2] = e.amount;
      return 3;
    case 'tax.receipt':
      f[0] = TAX_FIELD[e.taxType]; a[0] = e.amount;
      return 1;
    case 'customs.declaration': {
      const region = regionOf(e.partner);
      const out = e.direction === 'export';
      f[0] = I.declarations; a[0] = 1;
      f[1] = out ? I.exports : I.imports; a[1] = e.valueUsd;
      f[2] = out ? EXPORT_FIELD[region] : IMPORT_FIELD[region]; a[2] = e.valueUsd;
      return 3;
    }
    case 'registry.established':
      f[0] = I.established; a[0] = 1;
      f[1] = I.capitalAdded; a[1] = e.capital;
      if (!e.foreign) return 2;
      f[2] = I.foreignEstablished; a[2] = 1;
      return 3;
    case 'registry.deregistered':
      f[0] = I.deregistered; a[0] = 1;
      return 1;
    case 'registry.changed':
      f[0] = I.changes; a[0] = 1;
      if (e.change !== 'capital' || !e.capitalDelta) return 1;
      f[1] = I.capitalAdded; a[1] = e.capitalDelta;
      return 2;
  }
}
const scratchFields = new Int32Array(8);
const scratchAmounts = new Float64Array(8);

function bucketFor(state: MetricsState, day: number): DayBucket | null {
  let bucket = state.days.get(day);
  if (!bucket) {
    const newest = state.newestDay;
    if (newest !== null && day < newest - state.limits.dayDays) return null;
    bucket = newDay(day, newest === null || day >= newest - state.limits.hourDays);
    state.days.set(day, bucket);
    if (newest === null || day > newest) retire(state, day);
  }
  return bucket;
}

/** A new newest day: drop hourly detail and whole days past their retention. */
function retire(state: MetricsState, newest: number): void {
  state.newestDay = newest;
  for (const [d, b] of state.days) {
    if (d < newest - state.limits.dayDays) {
      state.days.delete(d);
      state.journal.dirtyDays.add(d);
    } else if (b.hours && d < newest - state.limits.hourDays) {
      b.hours = null;
      state.journal.dirtyDays.add(d);
    }
  }
}

/**
 * Forget ids past the window or the count bound; what is forgotten raises the horizon. Runs every
 * PRUNE_EVERY accepted events of a source (and whenever the bound is exceeded): deterministic in
 * the source's own sequence, so still independent of how sources interleave.
 */
const PRUNE_EVERY = 256;
function pruneSeen(src: SourceState, window: number, maxIds: number): void {
  if (src.seen.size <= maxIds && src.accepted % PRUNE_EVERY !== 0) return;
  const oldest = (src.watermark ?? 0) - window;
  for (const [id, ts] of src.seen) {
    if (src.seen.size <= maxIds && ts >= oldest) break;
    src.seen.delete(id);
    if (ts > src.horizon) src.horizon = ts;
  }
}

function countMinute(src: SourceState, ts: number): void {
  const minute = Math.floor(ts / MINUTE_MS);
  const newest = Math.floor((src.watermark ?? ts) / MINUTE_MS);
  if (minute <= newest - 60) return;
  src.minutes.set(minute, (src.minutes.get(minute) ?? 0) + 1);
  if (src.minutes.size > 61) for (const m of src.minutes.keys()) if (m <= newest - 60) src.minutes.delete(m);
}

/**
 * Apply one validated event. `arrival` is when it reached the log (its stream entry time), used
 * only for feed health.
 */
export function reduce(state: MetricsState, event: FeedEvent, arrival: number = event.ts): ReduceOutcome {
  const source = sourceOfKind(event.kind);
  const src = state.sources[source];
  if (src.lastArrival === null || arrival > src.lastArrival) src.lastArrival = arrival;
  if (src.seen.has(event.id)) {
    src.duplicates++;
    return 'duplicate';
  }
  if (event.ts <= src.horizon) {
    src.tooLate++;
    return 'too-late';
  }
  src.seen.set(event.id, event.ts);
  state.journal.newIds[source].push(event.id);
  state.journal.newTs[source].push(event.ts);
  if (src.watermark === null || event.ts > src.watermark) src.watermark = event.ts;
  pruneSeen(src, state.limits.dedupWindowMs, state.limits.dedupMaxIds);
  src.accepted++;
  state.applied++;
  if (event.rehearsal) {
    src.rehearsal++;
    if (src.lastRehearsal === null || arrival > src.lastRehearsal) src.lastRehearsal = arrival;
  }
  countMinute(src, event.ts);

  const day = dayNumber(event.ts);
  const bucket = bucketFor(state, day);
  if (bucket) {
    const base = parkOf(event.parkId) * F;
    const hourBase = bucket.hours ? Math.floor((event.ts - dayNumberStart(day)) / HOUR_MS) * DAY_WIDTH + base : -1;
    const n = contributions(event, scratchFields, scratchAmounts);
    for (let i = 0; i < n; i++) {
      bucket.totals[base + scratchFields[i]!]! += scratchAmounts[i]!;
      if (hourBase >= 0) bucket.hours![hourBase + scratchFields[i]!]! += scratchAmounts[i]!;
    }
    state.journal.dirtyDays.add(day);
  }

  if (event.kind === 'registry.established' || event.kind === 'registry.deregistered') rememberRecent(state, event);
  return 'applied';
}

function rememberRecent(state: MetricsState, e: FeedEvent & { kind: 'registry.established' | 'registry.deregistered' }): void {
  const list = state.recent;
  const max = state.limits.recentRegistry;
  const item = { id: e.id, ts: e.ts, kind: e.kind, parkId: e.parkId, name: e.name, capital: e.capital, foreign: e.foreign };
  if (list.length >= max && !before(item, list[list.length - 1]!)) return;
  let i = list.length;
  while (i > 0 && before(item, list[i - 1]!)) i--;
  list.splice(i, 0, item);
  if (list.length > max) list.length = max;
}

/** Newest first, ties broken by id, so the list is the same whatever order events came in. */
function before(a: { ts: number; id: string }, b: { ts: number; id: string }): boolean {
  return a.ts > b.ts || (a.ts === b.ts && a.id < b.id);
}

/** Count an entry that failed validation (it went to the dead letters). */
export function reduceRejected(state: MetricsState, source: Source, arrival: number): void {
  const src = state.sources[source];
  src.rejected++;
  if (src.lastArrival === null || arrival > src.lastArrival) src.lastArrival = arrival;
}

