// The event generator: given a seed and a simulated minute, the events of every kind that happen
// in it. Pure and deterministic; live runs, backfills and tests all draw from it.
import {
  type ChainId, type EventKind, EVENT_KINDS, type FeedEvent, MINUTE_MS, PARK_IDS, type ParkId, PARKS_BY_ID,
  HOUR_MS, PORTS, type Port, TAX_TYPES, type TaxType, TRADE_MODES, type TradeMode, dayNumber, dayNumberStart, shanghaiParts,
} from '@torch/shared';
import {
  ASSUMED, TAX_MIX, annualInvoicedSales, annualTaxReceipts, annualTradeUsd, avgCapitalForeign, parkTradeShares,
} from './calibration.ts';
import { type Random, WeightedTable, cumulative, hashInts, lognormal, makeRandom, pickIndex, poisson } from './random.ts';
import { HOUR_SHARES, dayWeight, yearWeight } from './shape.ts';
import { type Enterprise, makeEnterprise, parkRoster } from './roster.ts';

export const ANNUAL_COUNTS: Record<EventKind, number> = {
  'tax.invoice': ASSUMED.invoicesPerYear.value,
  'tax.receipt': ASSUMED.receiptsPerYear.value,
  'customs.declaration': ASSUMED.declarationsPerYear.value,
  'registry.established': ASSUMED.establishedPerYear.value,
  'registry.deregistered': ASSUMED.deregisteredPerYear.value,
  'registry.changed': ASSUMED.changesPerYear.value,
};
const TOTAL_ANNUAL = EVENT_KINDS.reduce((s, k) => s + ANNUAL_COUNTS[k], 0);

const ID_TAGS: Record<EventKind, string> = {
  'tax.invoice': 'inv',
  'tax.receipt': 'rcp',
  'customs.declaration': 'dec',
  'registry.established': 'est',
  'registry.deregistered': 'der',
  'registry.changed': 'chg',
};

/** Multiplies the expected count of a kind at an instant (spike > 1, drop < 1, silence = 0). */
export type IntensityFn = (kind: EventKind, ts: number) => number;

export interface GeneratorOptions {
  seed: number;
  /** Fixed total rate in events per simulated minute, spread over kinds by their annual mix. */
  fixedPerMinute?: number;
  intensity?: IntensityFn;
}

const EXPORT_SHARE = 0.6;
// Spread of amounts: heavy enough for a realistic long tail, small enough that a year meets its
// calibrated total within ±3% for any seed (relative spread of a year ≈ 1%).
const SIGMA = { invoice: 1.0, receipt: 1.1, customs: 1.0 } as const;

const EXPORT_PARTNERS = WeightedTable.fromRecord({
  US: 18, DE: 6, NL: 5, FR: 3, GB: 4, JP: 8, KR: 6, SG: 5, VN: 6, MY: 4, TH: 3, AU: 3, IN: 6, BR: 3, RU: 4, ZA: 1, AE: 2,
  SA: 2, TR: 2, KZ: 1, PK: 1, MX: 3, CA: 2, CH: 1,
});
const IMPORT_PARTNERS = WeightedTable.fromRecord({
  KR: 16, JP: 15, US: 8, DE: 8, SG: 5, MY: 6, VN: 4, TH: 3, AU: 6, BR: 4, RU: 3, IN: 2, NL: 4, FR: 2, CH: 3, GB: 2, SA: 2, AE: 1,
  KZ: 1, ZA: 1, TR: 1, CA: 1, MX: 1, PK: 1,
});
const HS_BY_CHAIN: Record<ChainId, readonly string[]> = {
  display: ['90', '85', '70'],
  ic: ['85', '38'],
  'new-energy': ['85', '28', '38'],
  software: ['85', '84', '49'],
  'computer-comm': ['84', '85'],
  'new-materials': ['39', '28', '38', '72'],
  other: ['84', '94', '61', '03'],
};
const TRADE_MODE_TABLE = new WeightedTable<TradeMode>(TRADE_MODES, [55, 30, 12, 3]);
const PORT_TABLE = new WeightedTable<Port>(PORTS, [70, 25, 3, 2]);
const TAX_TABLE = new WeightedTable<TaxType>(TAX_TYPES, TAX_TYPES.map((t) => TAX_MIX[t]));
/** New registrations lean to the software and incubator parks: many small firms. */
const REGISTRY_PARKS = WeightedTable.fromRecord<ParkId>({
  'torch-park': 20, 'software-park-2': 20, 'software-park-3': 20, 'innovation-park': 12, 'hubian-park': 8, 'xiangan-industrial': 10, 'tongxiang-city': 10,
});
const TRADE_PARKS = WeightedTable.fromRecord(parkTradeShares());
const CHANGE_TABLE = new WeightedTable(['capital', 'address-in', 'address-out', 'other'] as const, [35, 15, 10, 40]);
const CHAIN_TABLES = Object.fromEntries(PARK_IDS.map((p) => [p, WeightedTable.fromRecord(PARKS_BY_ID[p].industryMix)])) as Record<ParkId, WeightedTable<ChainId>>;

interface YearParams {
  salesParks: WeightedTable<ParkId>;
  invoiceMean: number;
  receiptMean: number;
  exportMean: number;
  importMean: number;
}
const yearParams = new Map<number, YearParams>();
function paramsFor(year: number): YearParams {
  let p = yearParams.get(year);
  if (!p) {
    const decl = ASSUMED.declarationsPerYear.value;
    p = {
      salesParks: new WeightedTable(PARK_IDS, PARK_IDS.map((id) => annualInvoicedSales(year, id))),
      invoiceMean: annualInvoicedSales(year) / ASSUMED.invoicesPerYear.value,
      receiptMean: annualTaxReceipts(year) / ASSUMED.receiptsPerYear.value,
      exportMean: annualTradeUsd(year, 'export') / (decl * EXPORT_SHARE),
      importMean: annualTradeUsd(year, 'import') / (decl * (1 - EXPORT_SHARE)),
    };
    yearParams.set(year, p);
  }
  return p;
}

function pick<T>(r: Random, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function fromRoster(seed: number, r: Random, parkId: ParkId, chain: ChainId): Enterprise {
  return parkRoster(seed, parkId).byChain.get(chain)!.pick(r);
}

function enterpriseFields(parkId: ParkId, e: Enterprise) {
  return { parkId, uscc: e.uscc, name: e.name };
}

/** Build one event of a kind. `r` is the minute's generator, already advanced. */
function buildEvent(seed: number, kind: EventKind, r: Random, id: string, ts: number, year: number): FeedEvent {
  const y = paramsFor(year);
  switch (kind) {
    case 'tax.invoice': {
      const parkId = y.salesParks.pick(r);
      const chain = CHAIN_TABLES[parkId].pick(r);
      const e = fromRoster(seed, r, parkId, chain);
      return { id, ts, kind, ...enterpriseFields(parkId, e), amount: Math.max(1, Math.round(lognormal(r, y.invoiceMean, SIGMA.invoice))), chain };
    }
    case 'tax.receipt': {
      const parkId = y.salesParks.pick(r);
      const e = fromRoster(seed, r, parkId, CHAIN_TABLES[parkId].pick(r));
      return { id, ts, kind, ...enterpriseFields(parkId, e), taxType: TAX_TABLE.pick(r), amount: Math.max(1, Math.round(lognormal(r, y.receiptMean, SIGMA.receipt))) };
    }
    case 'customs.declaration': {
      const parkId = TRADE_PARKS.pick(r);
      const chain = CHAIN_TABLES[parkId].pick(r);
      const e = fromRoster(seed, r, parkId, chain);
      const direction = r() < EXPORT_SHARE ? 'export' : 'import';
      const mean = direction === 'export' ? y.exportMean : y.importMean;
      return {
        id, ts, kind, ...enterpriseFields(parkId, e), direction,
        valueUsd: Math.max(1, Math.round(lognormal(r, mean, SIGMA.customs))),
        hsChapter: pick(r, HS_BY_CHAIN[chain]),
        partner: (direction === 'export' ? EXPORT_PARTNERS : IMPORT_PARTNERS).pick(r),
        tradeMode: TRADE_MODE_TABLE.pick(r),
        port: PORT_TABLE.pick(r),
      };
    }
    case 'registry.established': {
      const parkId = REGISTRY_PARKS.pick(r);
      const chain = CHAIN_TABLES[parkId].pick(r);
      const foreign = r() < ASSUMED.foreignShare.value;
      const e = makeEnterprise(r, parkId, chain, foreign, foreign ? avgCapitalForeign() : ASSUMED.avgCapitalDomestic.value);
      return { id, ts, kind, ...enterpriseFields(parkId, e), chain, industryCode: e.industryCode, capital: e.capital, foreign };
    }
    case 'registry.deregistered':
    case 'registry.changed': {
      const parkId = REGISTRY_PARKS.pick(r);
      const chain = CHAIN_TABLES[parkId].pick(r);
      const e = fromRoster(seed, r, parkId, chain);
      const fields = { id, ts, ...enterpriseFields(parkId, e), chain, industryCode: e.industryCode, capital: e.capital, foreign: e.foreign };
      if (kind === 'registry.deregistered') return { ...fields, kind };
      const change = CHANGE_TABLE.pick(r);
      if (change !== 'capital') return { ...fields, kind, change };
      const delta = Math.round(lognormal(r, e.capital * 0.2, 0.8) / 1e4) * 1e4;
      return { ...fields, kind, change, capitalDelta: r() < 0.8 ? delta : -Math.min(delta, e.capital) };
    }
  }
}

/** Expected events of a kind on a day (before day-to-day noise and faults). */
export function expectedPerDay(kind: EventKind, day: number): number {
  return (ANNUAL_COUNTS[kind] * dayWeight(kind, day)) / yearWeight(kind, shanghaiParts(dayNumberStart(day)).year);
}

/** Day-to-day variation around the calendar (±5%): visible on the wall, a fraction of a percent over a year. */
const DAY_NOISE = 0.05;

interface DayPlan {
  /** Expected events that day after noise: the mean a spike multiplies. */
  expected: number;
  /** Sorted event times of the day. */
  times: Float64Array;
}

/**
 * The event times of one kind on one day. The day's count is its calendar expectation with a
 * little noise, rounded at random (not Poisson): a year then meets its calibrated total closely
 * for any seed, while times within the day stay random along the hour profile.
 */
function planDay(seed: number, k: number, day: number): DayPlan {
  const kind = EVENT_KINDS[k]!;
  const r = makeRandom(hashInts(seed, k, day, 0xda7));
  const expected = expectedPerDay(kind, day) * lognormal(r, 1, DAY_NOISE);
  const n = Math.floor(expected + r());
  const start = dayNumberStart(day);
  const hours = HOUR_CUMULATIVE[k]!;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = start + pickIndex(r, hours) * HOUR_MS + Math.floor(r() * HOUR_MS);
  times.sort();
  return { expected, times };
}

const HOUR_CUMULATIVE = EVENT_KINDS.map((k) => cumulative([...HOUR_SHARES[k]]));
// The plans of the day being generated, all kinds at once: a run moves forward minute by minute,
// so one day's plans serve 1,440 minutes in a row (a keyed cache would build a key per lookup).
let current: { seed: number; day: number; plans: DayPlan[] } | null = null;
function dayPlan(seed: number, k: number, day: number): DayPlan {
  if (!current || current.seed !== seed || current.day !== day) current = { seed, day, plans: [] };
  return (current.plans[k] ??= planDay(seed, k, day));
}

function firstAtOrAfter(times: Float64Array, ts: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * All events whose event time falls in the simulated minute `minute` (epoch minutes), sorted by
 * time. Ids are stable: `<tag>-<seed>-<day base 36>-<n>` for calendar events, with `s` (spike
 * extras) or `r` (fixed-rate mode) after the tag and the minute in base 36 instead of the day.
 */
export function generateMinute(opts: GeneratorOptions, minute: number): FeedEvent[] {
  const start = minute * MINUTE_MS;
  const end = start + MINUTE_MS;
  const day = dayNumber(start);
  const year = yearOfDay(day);
  const hour = Math.floor((start - dayNumberStart(day)) / HOUR_MS);
  const out: FeedEvent[] = [];
  for (let k = 0; k < EVENT_KINDS.length; k++) {
    const kind = EVENT_KINDS[k]!;
    const factor = opts.intensity ? opts.intensity(kind, start) : 1;
    if (factor <= 0) continue;
    if (opts.fixedPerMinute !== undefined) {
      // Load-test mode: a steady Poisson stream at the requested rate, same mix of kinds.
      const r = makeRandom(hashInts(opts.seed, k, minute, 0x7a7e));
      const n = poisson(r, ((opts.fixedPerMinute * ANNUAL_COUNTS[kind]) / TOTAL_ANNUAL) * factor);
      const prefix = `${ID_TAGS[kind]}r-${opts.seed}-${minute.toString(36)}-`;
      for (let i = 0; i < n; i++) out.push(buildEvent(opts.seed, kind, r, prefix + i, start + Math.floor(r() * MINUTE_MS), year));
      continue;
    }
    const plan = dayPlan(opts.seed, k, day);
    const prefix = `${ID_TAGS[kind]}-${opts.seed}-${day.toString(36)}-`;
    for (let i = firstAtOrAfter(plan.times, start); i < plan.times.length && plan.times[i]! < end; i++) {
      const r = makeRandom(hashInts(opts.seed, k, day, i));
      // A drop or silence thins the calendar's events; the draw comes first so that the event's
      // content does not depend on the fault.
      if (factor < 1 && r() >= factor) continue;
      if (factor >= 1) r();
      out.push(buildEvent(opts.seed, kind, r, prefix + i, plan.times[i]!, year));
    }
    if (factor > 1) {
      // A spike adds events on top, at (factor − 1) times the minute's expected rate.
      const r = makeRandom(hashInts(opts.seed, k, minute, 0x5917e));
      const n = poisson(r, ((factor - 1) * plan.expected * HOUR_SHARES[kind][hour]!) / 60);
      const spikePrefix = `${ID_TAGS[kind]}s-${opts.seed}-${minute.toString(36)}-`;
      for (let i = 0; i < n; i++) out.push(buildEvent(opts.seed, kind, r, spikePrefix + i, start + Math.floor(r() * MINUTE_MS), year));
    }
  }
  out.sort((a, b) => a.ts - b.ts);
  return out;
}

let cachedDay = NaN;
let cachedYear = 0;
function yearOfDay(day: number): number {
  if (day !== cachedDay) {
    cachedDay = day;
    cachedYear = new Date(day * 86_400_000).getUTCFullYear();
  }
  return cachedYear;
}

/** Events with event time in [from, to), minute by minute. */
export function* generateRange(opts: GeneratorOptions, from: number, to: number): Generator<FeedEvent> {
  for (let m = Math.floor(from / MINUTE_MS); m * MINUTE_MS < to; m++) {
    for (const e of generateMinute(opts, m)) if (e.ts >= from && e.ts < to) yield e;
  }
}
