// A simulated range as stream entries, in arrival order: what backfill writes and generate prints.
import { MINUTE_MS, sourceOfKind } from '@torch/shared';
import { type Fault, type Outgoing, entriesFor, intensityOf } from './faults.ts';
import { generateMinute } from './generate.ts';

export interface RangeOptions {
  seed: number;
  from: number;
  to: number;
  faults: readonly Fault[];
}

/** Entries of a range in arrival order. */
export function* rangeEntries(o: RangeOptions): Generator<Outgoing> {
  const gen = { seed: o.seed, intensity: intensityOf(o.faults, o.from) };
  for (let m = Math.floor(o.from / MINUTE_MS); m * MINUTE_MS < o.to; m++) {
    for (const e of generateMinute(gen, m)) {
      if (e.ts < o.from || e.ts >= o.to) continue;
      if (o.faults.length === 0) yield { source: sourceOfKind(e.kind), payload: JSON.stringify(e), arrival: e.ts };
      else yield* entriesFor(e, o.faults, o.from, o.seed);
    }
  }
}

/** The same entries in batches of a given size. */
export function* batchesOf(o: RangeOptions, batchSize: number): Generator<Outgoing[]> {
  let batch: Outgoing[] = [];
  for (const entry of rangeEntries(o)) {
    batch.push(entry);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
