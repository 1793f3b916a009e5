// Alert rules: what officials want to be told about, as data. The gateway reads them from a YAML
// file (hot reloaded); a rule set that fails these schemas is refused with the rule and the field
// named, and the previous set stays in force. Pure: no file access here.
import { z } from 'zod';
import { EVENT_KINDS } from '../events.ts';
import { PARK_IDS, type ParkId } from '../parks.ts';
import { SOURCES, type Source } from '../streams.ts';
import { METRIC_IDS, type MetricId } from '../metrics/layout.ts';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Metrics a sliding window can count: what a single event adds to is known (see windowAmount). */
export const WINDOW_METRICS = ['sales', 'invoices', 'tax', 'exports', 'imports', 'trade', 'declarations', 'established', 'deregistered'] as const;
export type WindowMetric = (typeof WINDOW_METRICS)[number];

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and - (2 to 63 characters)');
const Name = z.object({ zh: z.string().min(1).max(80), en: z.string().min(1).max(120) }).strict();
/** zone, one park, or every park (one alert per park). */
const ScopeSpec = z.union([z.literal('zone'), z.literal('each-park'), z.enum(PARK_IDS)]);
export type ScopeSpec = z.infer<typeof ScopeSpec>;
const Minutes = z.number().int().min(0).max(7 * 24 * 60);

const common = {
  id: Id,
  name: Name,
  severity: z.enum(SEVERITIES),
  /** Minutes the condition must hold before the alert fires (0: at once). */
  for: Minutes.default(0),
  /** Only start alerts in working hours (09:00–18:00 on Chinese working days, 调休 included). */
  calendar: z.enum(['always', 'working-hours']).default('always'),
  /** Extra labels copied onto every alert (e.g. chain, team). */
  labels: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,30}$/), z.string().max(60)).default({}),
  enabled: z.boolean().default(true),
};

export const ThresholdRule = z.object({
  ...common,
  kind: z.literal('threshold'),
  scope: ScopeSpec.default('zone'),
  metric: z.enum(METRIC_IDS as [MetricId, ...MetricId[]]),
  period: z.enum(['today', 'mtd', 'ytd']),
  /** value: the period's total; yoy: 同比; mom: 环比 (today and mtd only). Changes are fractions: −0.15 is −15 %. */
  measure: z.enum(['value', 'yoy', 'mom']).default('value'),
  below: z.number().optional(),
  above: z.number().optional(),
}).strict()
  .refine((r) => (r.below === undefined) !== (r.above === undefined), { message: 'give exactly one of below or above', path: ['below'] })
  .refine((r) => !(r.measure === 'mom' && r.period === 'ytd'), { message: '环比 (mom) is defined for today and mtd only', path: ['measure'] });

export const DropRule = z.object({
  ...common,
  kind: z.literal('drop'),
  scope: ScopeSpec.default('zone'),
  metric: z.enum(WINDOW_METRICS),
  /** The sliding window, minutes. */
  window: z.number().int().min(5).max(180).default(15),
  /** Compare with the same window this many days earlier (7: same time last week). */
  baselineDays: z.number().int().min(1).max(28).default(7),
  /** Fire when the window is below this fraction of the baseline. */
  ratio: z.number().gt(0).lt(1),
  /** Ignore windows whose baseline is smaller than this (quiet nights say nothing). */
  minBaseline: z.number().min(0).default(1),
}).strict();

export const SpikeRule = z.object({
  ...common,
  kind: z.literal('spike'),
  scope: ScopeSpec.default('zone'),
  metric: z.enum(WINDOW_METRICS),
  /** Count over the trailing window (minutes), against the same window on each of the trailing days. */
  window: z.number().int().min(5).max(180).default(60),
  trailingDays: z.number().int().min(7).max(90).default(28),
  sigmas: z.number().gt(0).max(10).default(3),
  /** Never fire below this absolute value (a σ of zero would make one event a spike). */
  minValue: z.number().min(0).default(5),
}).strict();

export const LargeEventRule = z.object({
  ...common,
  kind: z.literal('large-event'),
  event: z.enum(EVENT_KINDS),
  field: z.enum(['amount', 'valueUsd', 'capital']),
  above: z.number().positive(),
  /** Minutes a single-event alert stays open before it resolves by itself. */
  hold: z.number().int().min(1).max(24 * 60).default(60),
  scope: ScopeSpec.default('each-park'),
}).strict();

export const FeedStaleRule = z.object({
  ...common,
  kind: z.literal('feed-stale'),
  source: z.union([z.enum(SOURCES), z.literal('each')]).default('each'),
  /** Fire when the newest event of the source is this many minutes old. */
  minutes: z.number().int().min(1).max(24 * 60),
}).strict();

export const FeedDelayRule = z.object({
  ...common,
  kind: z.literal('feed-delay'),
  source: z.union([z.enum(SOURCES), z.literal('each')]).default('each'),
  /** Fire when events arriving in the window were, on average, this many minutes old on arrival. */
  minutes: z.number().positive().max(24 * 60),
  window: z.number().int().min(1).max(60).default(10),
  minEvents: z.number().int().min(1).default(5),
}).strict();

export const RejectedRateRule = z.object({
  ...common,
  kind: z.literal('rejected-rate'),
  source: z.union([z.enum(SOURCES), z.literal('each')]).default('each'),
  /** Fraction of entries refused (dead-lettered) over the window. */
  above: z.number().gt(0).lt(1),
  window: z.number().int().min(1).max(60).default(10),
  minEvents: z.number().int().min(1).default(20),
}).strict();

export const RuleSchema = z.discriminatedUnion('kind', [ThresholdRule, DropRule, SpikeRule, LargeEventRule, FeedStaleRule, FeedDelayRule, RejectedRateRule]);
export type Rule = z.infer<typeof RuleSchema>;
export type RuleKind = Rule['kind'];
export const RULE_KINDS: readonly RuleKind[] = ['threshold', 'drop', 'spike', 'large-event', 'feed-stale', 'feed-delay', 'rejected-rate'];

export const RuleSetSchema = z.object({
  version: z.literal(1),
  rules: z.array(z.unknown()).max(500),
}).strict();

export interface RuleSet {
  rules: Rule[];
}

export type RuleSetResult = { ok: true; ruleSet: RuleSet } | { ok: false; errors: string[] };

/**
 * Validate a parsed document (YAML or JSON). Every problem is reported with the rule (by id, else
 * by position) and the field, e.g. `rule "tax-drop" (#3): ratio: Too big: expected number to be <1`.
 */
export function parseRuleSet(doc: unknown): RuleSetResult {
  const top = RuleSetSchema.safeParse(doc);
  if (!top.success) return { ok: false, errors: top.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`) };
  const errors: string[] = [];
  const rules: Rule[] = [];
  const ids = new Set<string>();
  top.data.rules.forEach((raw, i) => {
    const rawId = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    const who = rawId ? `rule "${rawId}" (#${i + 1})` : `rule #${i + 1}`;
    const r = RuleSchema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) errors.push(`${who}: ${issue.path.join('.') || 'rule'}: ${issue.message}`);
      return;
    }
    if (ids.has(r.data.id)) errors.push(`${who}: id: "${r.data.id}" is used by another rule`);
    ids.add(r.data.id);
    rules.push(r.data);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, ruleSet: { rules } };
}

/** Parks a scope stands for; null for the zone. */
export function scopeParks(scope: ScopeSpec): (ParkId | null)[] {
  if (scope === 'zone') return [null];
  if (scope === 'each-park') return [...PARK_IDS];
  return [scope];
}

export function scopeSources(source: Source | 'each'): Source[] {
  return source === 'each' ? [...SOURCES] : [source];
}
