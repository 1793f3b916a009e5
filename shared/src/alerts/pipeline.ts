// One entry of the log through everything that derives from it, in the order that makes live,
// replay and tests agree: the alert clock first (a minute boundary is evaluated over the entries
// before it), then the reducer, then what the alert windows need to know.
import type { Source } from '../streams.ts';
import { type DecodedEntry } from '../metrics/entry.ts';
import { type ReduceOutcome, reduce, reduceRejected } from '../metrics/reduce.ts';
import type { MetricsState } from '../metrics/state.ts';
import { type AlertTransition, advance, observe, observeRejected } from './engine.ts';
import type { EngineState } from './state.ts';
import type { RuleSet } from './rules.ts';

export interface Pipeline {
  metrics: MetricsState;
  engine: EngineState;
  rules: RuleSet;
}

export interface EntryResult {
  outcome: ReduceOutcome | 'rejected';
  transitions: AlertTransition[];
}

export function processEntry(p: Pipeline, source: Source, entry: DecodedEntry): EntryResult {
  const transitions = advance(p.engine, p.rules, p.metrics, entry.arrival);
  if (!entry.ok) {
    reduceRejected(p.metrics, source, entry.arrival);
    observeRejected(p.engine, source, entry.arrival);
    return { outcome: 'rejected', transitions };
  }
  const outcome = reduce(p.metrics, entry.event, entry.arrival);
  observe(p.engine, p.rules, entry.event, entry.arrival, outcome);
  return { outcome, transitions };
}
