// What the reducer counts, per sub-park, per day and per hour: one flat numeric layout, so a day is
// a Float64Array and a period is a sum of arrays. Field order is fixed: checkpoints depend on it
// (LAYOUT_VERSION changes when it does).
import { CHAIN_IDS } from '../chains.ts';
import { TAX_TYPES } from '../events.ts';
import { PARK_IDS, type ParkId } from '../parks.ts';
import { REGION_IDS } from '../trade.ts';

export const LAYOUT_VERSION = 1;

export const FIELDS = [
  'sales',
  'invoices',
  ...CHAIN_IDS.map((c) => `chain.${c}` as const),
  ...TAX_TYPES.map((t) => `tax.${t}` as const),
  'exports',
  'imports',
  'declarations',
  ...REGION_IDS.map((r) => `exports.${r}` as const),
  ...REGION_IDS.map((r) => `imports.${r}` as const),
  'established',
  'deregistered',
  'foreignEstablished',
  'capitalAdded',
  'changes',
] as const;
export type Field = (typeof FIELDS)[number];

/** Metrics computed from fields rather than counted. */
export const DERIVED = ['tax', 'trade', 'netEstablished'] as const;
export type DerivedMetric = (typeof DERIVED)[number];
export type MetricId = Field | DerivedMetric;
export const METRIC_IDS: readonly MetricId[] = [...FIELDS, ...DERIVED];

export const F = FIELDS.length;
export const P = PARK_IDS.length;
/** Numbers per park-day. */
export const DAY_WIDTH = P * F;
/** Numbers per day of hourly buckets. */
export const HOURS_WIDTH = 24 * DAY_WIDTH;

const fieldIndex = new Map<string, number>(FIELDS.map((f, i) => [f, i]));
const parkIndex = new Map<string, number>(PARK_IDS.map((p, i) => [p, i]));

export function fieldOf(name: Field): number {
  return fieldIndex.get(name)!;
}
export function parkOf(id: ParkId): number {
  return parkIndex.get(id)!;
}
export function isField(name: string): name is Field {
  return fieldIndex.has(name);
}
export function isMetricId(name: string): name is MetricId {
  return fieldIndex.has(name) || (DERIVED as readonly string[]).includes(name);
}

/** Which fields a derived metric adds up, with signs. */
export const DERIVED_TERMS: Record<DerivedMetric, readonly [Field, 1 | -1][]> = {
  tax: TAX_TYPES.map((t) => [`tax.${t}`, 1] as [Field, 1]),
  trade: [['exports', 1], ['imports', 1]],
  netEstablished: [['established', 1], ['deregistered', -1]],
};

/** Unit of each metric, for formatting: CNY yuan, USD, or a count. */
export function unitOf(metric: MetricId): 'cny' | 'usd' | 'count' {
  if (metric === 'sales' || metric === 'tax' || metric.startsWith('tax.') || metric.startsWith('chain.') || metric === 'capitalAdded') return 'cny';
  if (metric === 'trade' || metric.startsWith('exports') || metric.startsWith('imports')) return 'usd';
  return 'count';
}
