// The alert engine: pure, like the reducer it sits beside. Its clock is the log's own — the arrival
// time of the entries it is shown — and it evaluates the rules once per minute of that clock, at the
// minute boundary, over the reducer state holding exactly the entries that arrived before it. So a
// replay of the log evaluates at the same instants over the same states and fires the same alerts.
//
// The caller keeps this order for every entry, in arrival order:
//   transitions = advance(engine, rules, metrics, arrival)   // may evaluate a tick first
//   reduce(metrics, event, arrival); observe(engine, rules, event, arrival, outcome)
// Ticks before `epoch` (when alerting was switched on) are not evaluated: a first start that reduces
// a year of history does not raise a year of alerts.
import type { FeedEvent } from '../events.ts';
import { sourceOfKind } from '../events.ts';
import type { ParkId } from '../parks.ts';
import type { Source } from '../streams.ts';
import { MINUTE_MS } from '../time.ts';
import type { MetricsState } from '../metrics/state.ts';
import { unitOf } from '../metrics/layout.ts';
import type { ReduceOutcome } from '../metrics/reduce.ts';
import { isWorkingHours } from '../holidays.ts';
import { conditionsAt } from './conditions.ts';
import { type ActiveCondition, type AlertLabels, type EngineState, type FeedMinute, type LargeHit, fingerprintOf, windowKey } from './state.ts';
import type { Rule, RuleSet, Severity, WindowMetric } from './rules.ts';
import { scopeParks } from './rules.ts';
import { windowAmount } from './windows.ts';

/** What an alert's value and threshold measure, so every screen formats them alike. */
export type AlertUnit = 'cny' | 'usd' | 'count' | 'change' | 'fraction' | 'minutes';

export interface RuleSummary {
  id: string;
  kind: Rule['kind'];
  severity: Severity;
  name: { zh: string; en: string };
  /** Absent on records written before it existed. */
  unit?: AlertUnit;
}

export function unitOfRule(r: Rule): AlertUnit {
  switch (r.kind) {
    case 'threshold': return r.measure === 'value' ? unitOf(r.metric) : 'change';
    case 'drop': case 'spike': return unitOf(r.metric);
    case 'large-event': return r.field === 'valueUsd' ? 'usd' : 'cny';
    case 'feed-stale': case 'feed-delay': return 'minutes';
    case 'rejected-rate': return 'fraction';
  }
}

export type AlertTransition =
  | {
      type: 'fire';
      /** The occurrence: fingerprint@firedAt. A fingerprint fires again after it resolved, as a new occurrence. */
      id: string;
      fingerprint: string;
      rule: RuleSummary;
      labels: AlertLabels;
      /** When the condition started to hold (the for-duration runs from here). */
      since: number;
      at: number;
      value: number;
      threshold: number;
      detail: Record<string, string | number>;
    }
  | { type: 'resolve'; id: string; fingerprint: string; ruleId: string; at: number; value: number | null };

/** How far back minute rings reach: the longest window a rule may ask for, plus the current minute. */
const RING_MINUTES = 181;
const FEED_MINUTES = 61;
const MAX_LARGE = 1000;

/** The windows a rule set reads; cached per rule set (rule sets are replaced whole, never mutated). */
const neededCache = new WeakMap<RuleSet, { metric: WindowMetric; park: ParkId | null; key: string }[]>();
function neededWindows(rules: RuleSet) {
  let out = neededCache.get(rules);
  if (!out) {
    const seen = new Map<string, { metric: WindowMetric; park: ParkId | null; key: string }>();
    for (const r of rules.rules) {
      if (!r.enabled || (r.kind !== 'drop' && r.kind !== 'spike')) continue;
      for (const park of scopeParks(r.scope)) seen.set(windowKey(r.metric, park), { metric: r.metric, park, key: windowKey(r.metric, park) });
    }
    out = [...seen.values()];
    neededCache.set(rules, out);
  }
  return out;
}

/** What most entries cause: shared (and frozen, so nobody adds to it) rather than a new array per entry. */
const NO_TRANSITIONS = Object.freeze([]) as unknown as AlertTransition[];

/**
 * Move the clock to an entry's arrival. When it crosses a minute boundary, evaluate the rules at
 * the newest boundary crossed and return what changed. Call before reducing the entry.
 */
export function advance(engine: EngineState, rules: RuleSet, metrics: MetricsState, arrival: number): AlertTransition[] {
  if (engine.clock === null || arrival > engine.clock) engine.clock = arrival;
  const boundary = Math.floor(arrival / MINUTE_MS) * MINUTE_MS;
  if (engine.lastTick === null) {
    engine.lastTick = boundary;
    return NO_TRANSITIONS;
  }
  if (boundary <= engine.lastTick) return NO_TRANSITIONS;
  engine.lastTick = boundary;
  prune(engine, boundary);
  for (const w of neededWindows(rules)) if (!engine.windowsFrom.has(w.key)) engine.windowsFrom.set(w.key, boundary);
  if (boundary < engine.epoch) return NO_TRANSITIONS;
  return evaluate(engine, rules, metrics, boundary);
}

/** Record what an entry means for windows, feed rates and single-event rules. Call after reducing it. */
export function observe(engine: EngineState, rules: RuleSet, event: FeedEvent, arrival: number, outcome: ReduceOutcome): void {
  if (outcome !== 'applied') return;
  const source = sourceOfKind(event.kind);
  const fm = feedMinute(engine, source, arrival);
  fm.n++;
  fm.delay += Math.max(0, arrival - event.ts);
  const minute = Math.floor(event.ts / MINUTE_MS);
  const oldest = Math.floor((engine.clock ?? arrival) / MINUTE_MS) - RING_MINUTES;
  if (minute > oldest) {
    for (const w of neededWindows(rules)) {
      if (w.park !== null && w.park !== event.parkId) continue;
      const v = windowAmount(event, w.metric);
      if (v === 0) continue;
      let ring = engine.windows.get(w.key);
      if (!ring) engine.windows.set(w.key, (ring = new Map()));
      ring.set(minute, (ring.get(minute) ?? 0) + v);
    }
  }
  for (const r of rules.rules) {
    if (r.kind !== 'large-event' || !r.enabled || r.event !== event.kind) continue;
    if (r.scope !== 'each-park' && r.scope !== 'zone' && r.scope !== event.parkId) continue;
    const value = (event as unknown as Record<string, unknown>)[r.field];
    if (typeof value !== 'number' || value <= r.above) continue;
    if (arrival + r.hold * MINUTE_MS < engine.epoch) continue;
    const labels: AlertLabels = { ...r.labels, park: event.parkId, source };
    const detail: Record<string, string | number> = { eventId: event.id, enterprise: event.name, uscc: event.uscc, eventTs: event.ts };
    if (event.kind === 'customs.declaration') Object.assign(detail, { direction: event.direction, partner: event.partner });
    engine.large.push({ fingerprint: fingerprintOf(r.id, { ...labels, event: event.id }), ruleId: r.id, at: arrival, value, labels, detail });
    if (engine.large.length > MAX_LARGE) engine.large.shift();
  }
}

/** Count an entry refused by validation. */
export function observeRejected(engine: EngineState, source: Source, arrival: number): void {
  if (engine.clock === null || arrival > engine.clock) engine.clock = arrival;
  feedMinute(engine, source, arrival).rejected++;
}

function feedMinute(engine: EngineState, source: Source, arrival: number): FeedMinute {
  const m = Math.floor(arrival / MINUTE_MS);
  const ring = engine.feeds[source];
  let fm = ring.get(m);
  if (!fm) ring.set(m, (fm = { n: 0, delay: 0, rejected: 0 }));
  return fm;
}

function prune(engine: EngineState, boundary: number): void {
  const now = boundary / MINUTE_MS;
  for (const ring of engine.windows.values()) for (const m of ring.keys()) if (m < now - RING_MINUTES) ring.delete(m);
  for (const ring of Object.values(engine.feeds)) for (const m of ring.keys()) if (m < now - FEED_MINUTES) ring.delete(m);
}

export function summaryOf(r: Rule): RuleSummary {
  return { id: r.id, kind: r.kind, severity: r.severity, name: r.name, unit: unitOfRule(r) };
}

function evaluate(engine: EngineState, rules: RuleSet, metrics: MetricsState, at: number): AlertTransition[] {
  const out: AlertTransition[] = [];
  const conditions = conditionsAt(engine, rules, metrics, at);
  const working = isWorkingHours(at);
  for (const c of conditions.values()) {
    if (!c.holds) continue;
    const rule = c.rule;
    const mayStart = rule.calendar === 'always' || working;
    let a = engine.active.get(c.fingerprint);
    if (!a) {
      if (!mayStart) continue;
      engine.active.set(c.fingerprint, (a = { ruleId: rule.id, since: at, firedAt: null, value: c.value }));
    }
    a.value = c.value;
    if (a.firedAt === null && mayStart && at - a.since >= rule.for * MINUTE_MS) {
      a.firedAt = at;
      out.push({
        type: 'fire', id: `${c.fingerprint}@${at}`, fingerprint: c.fingerprint, rule: summaryOf(rule), labels: c.labels,
        since: a.since, at, value: c.value, threshold: c.threshold, detail: c.detail,
      });
    }
  }
  for (const [fp, a] of engine.active) {
    const c = conditions.get(fp);
    if (c?.holds) continue;
    engine.active.delete(fp);
    if (a.firedAt !== null) out.push({ type: 'resolve', id: `${fp}@${a.firedAt}`, fingerprint: fp, ruleId: a.ruleId, at, value: c ? c.value : null });
  }
  // Single-event alerts past their hold time are done.
  engine.large = engine.large.filter((h) => {
    const r = rules.rules.find((x) => x.id === h.ruleId);
    return r?.kind === 'large-event' && at < h.at + r.hold * MINUTE_MS;
  });
  return out;
}

// ---- checkpoints ----

interface EngineJson {
  v: 1;
  epoch: number;
  clock: number | null;
  lastTick: number | null;
  active: [string, ActiveCondition][];
  large: LargeHit[];
  windows: [string, [number, number][]][];
  windowsFrom?: [string, number][];
  feeds: Record<Source, [number, FeedMinute][]>;
}

export function serializeEngine(e: EngineState): string {
  return JSON.stringify({
    v: 1, epoch: e.epoch, clock: e.clock, lastTick: e.lastTick, active: [...e.active], large: e.large,
    windows: [...e.windows].map(([k, ring]) => [k, [...ring]]),
    windowsFrom: [...e.windowsFrom],
    feeds: { tax: [...e.feeds.tax], customs: [...e.feeds.customs], registry: [...e.feeds.registry] },
  } satisfies EngineJson);
}

export function restoreEngine(text: string): EngineState {
  const o = JSON.parse(text) as EngineJson;
  if (o.v !== 1) throw new Error(`alert engine checkpoint has version ${o.v}, this build reads 1`);
  return {
    epoch: o.epoch, clock: o.clock, lastTick: o.lastTick, active: new Map(o.active), large: o.large,
    windows: new Map(o.windows.map(([k, ring]) => [k, new Map(ring)])),
    windowsFrom: new Map(o.windowsFrom ?? []),
    feeds: { tax: new Map(o.feeds.tax), customs: new Map(o.feeds.customs), registry: new Map(o.feeds.registry) },
  };
}
