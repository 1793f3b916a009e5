// The alert engine's state, apart from the engine, so that the condition evaluators (conditions.ts)
// and the engine (engine.ts) both read it without importing each other.
import type { ParkId } from '../parks.ts';
import type { Source } from '../streams.ts';
import type { WindowMetric } from './rules.ts';

export type AlertLabels = Record<string, string>;

/** A condition that holds: pending its for-duration (firedAt null) or fired. */
export interface ActiveCondition {
  ruleId: string;
  since: number;
  firedAt: number | null;
  value: number;
}

/** One large event, open for its rule's hold time. */
export interface LargeHit {
  fingerprint: string;
  ruleId: string;
  at: number;
  value: number;
  labels: AlertLabels;
  detail: Record<string, string | number>;
}

/** Per source, per arrival minute: accepted events, their summed delay (arrival − event time), refused entries. */
export interface FeedMinute {
  n: number;
  delay: number;
  rejected: number;
}

export interface EngineState {
  epoch: number;
  /** Newest arrival seen. */
  clock: number | null;
  /** The minute boundary last evaluated (or passed before the epoch). */
  lastTick: number | null;
  active: Map<string, ActiveCondition>;
  large: LargeHit[];
  /** `${metric}|${park or zone}` → event-time minute → sum, for the windows the rules use. */
  windows: Map<string, Map<number, number>>;
  /** From which minute boundary each window has been counted: a window reaching further back
   *  (a rule added by a reload, a first start) has no opinion yet rather than a false zero. */
  windowsFrom: Map<string, number>;
  feeds: Record<Source, Map<number, FeedMinute>>;
}

export function createEngine(epoch: number): EngineState {
  return { epoch, clock: null, lastTick: null, active: new Map(), large: [], windows: new Map(), windowsFrom: new Map(), feeds: { tax: new Map(), customs: new Map(), registry: new Map() } };
}

export function windowKey(metric: WindowMetric, park: ParkId | null): string {
  return `${metric}|${park ?? 'zone'}`;
}

/** A stable name for "this rule about this thing": rule id and sorted labels. */
export function fingerprintOf(ruleId: string, labels: AlertLabels): string {
  const parts = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`);
  return [ruleId, ...parts].join('|');
}
