// The event generator: given a seed and a simulated minute, the events of every kind that happen
// in it. Pure and deterministic; live runs, backfills and tests all draw from it.
import {
  type ChainId, type EventKind, EVENT_KINDS, type FeedEvent, MINUTE_MS, PARK_IDS, type ParkId, PARKS_BY_ID,
  PORTS, type Port, TAX_TYPES, type TaxType, TRADE_MODES, type TradeMode, dayNumber, shanghaiParts,
} from '@torch/shared';
import {
  ASSUMED, TAX_MIX, annualInvoicedSales, annualTaxReceipts, annualTradeUsd, avgCapitalForeign, parkTradeShares,
} from './calibration.ts';
import { type Random, WeightedTable, hashInts, lognormal, makeRandom, poisson } from './random.ts';
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
const SIGMA = { invoice: 1.2, receipt: 1.4, customs: 1.3 } as const;

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

/** Expected events of a kind in the minute starting at ts, before fault multipliers. */
export function expectedPerMinute(kind: EventKind, ts: number, fixedPerMinute?: number): number {
  if (fixedPerMinute !== undefined) return (fixedPerMinute * ANNUAL_COUNTS[kind]) / TOTAL_ANNUAL;
  const p = shanghaiParts(ts);
  const day = dayNumber(ts);
  return (ANNUAL_COUNTS[kind] * dayWeight(kind, day)) / yearWeight(kind, p.year) * HOUR_SHARES[kind][p.hour]! / 60;
}

// dayWeight is the costly part of the calendar model: cache it per (kind, day).
const dayWeightCache = new Map<number, Float64Array>();
function cachedExpected(kind: number, ts: number): number {
  const day = dayNumber(ts);
  let row = dayWeightCache.get(day);
  if (!row) {
    const year = shanghaiParts(ts).year;
    row = Float64Array.from(EVENT_KINDS, (k) => (ANNUAL_COUNTS[k] * dayWeight(k, day)) / yearWeight(k, year) / 60);
    if (dayWeightCache.size > 4000) dayWeightCache.clear();
    dayWeightCache.set(day, row);
  }
  const hour = Math.floor(((ts + 8 * 3_600_000) % 86_400_000) / 3_600_000);
  return row[kind]! * HOUR_SHARES[EVENT_KINDS[kind]!][hour]!;
}

/**
 * All events whose event time falls in the simulated minute `minute` (epoch minutes), sorted by
 * time. Ids are `<kind tag>-<seed>-<minute base 36>-<n>`, unique per source and stable.
 */
export function generateMinute(opts: GeneratorOptions, minute: number): FeedEvent[] {
  const start = minute * MINUTE_MS;
  const year = shanghaiParts(start).year;
  const mode = opts.fixedPerMinute !== undefined ? 'r' : '';
  const out: FeedEvent[] = [];
  for (let k = 0; k < EVENT_KINDS.length; k++) {
    const kind = EVENT_KINDS[k]!;
    let mean = opts.fixedPerMinute !== undefined ? expectedPerMinute(kind, start, opts.fixedPerMinute) : cachedExpected(k, start);
    if (opts.intensity) mean *= opts.intensity(kind, start);
    if (mean <= 0) continue;
    const r = makeRandom(hashInts(opts.seed, k, minute, mode ? 1 : 0));
    const n = poisson(r, mean);
    const prefix = `${ID_TAGS[kind]}${mode}-${opts.seed}-${minute.toString(36)}-`;
    for (let i = 0; i < n; i++) {
      const ts = start + Math.floor(r() * MINUTE_MS);
      out.push(buildEvent(opts.seed, kind, r, prefix + i, ts, year));
    }
  }
  out.sort((a, b) => a.ts - b.ts);
  return out;
}

/** Events with event time in [from, to), minute by minute. */
export function* generateRange(opts: GeneratorOptions, from: number, to: number): Generator<FeedEvent> {
  for (let m = Math.floor(from / MINUTE_MS); m * MINUTE_MS < to; m++) {
    for (const e of generateMinute(opts, m)) if (e.ts >= from && e.ts < to) yield e;
  }
}

