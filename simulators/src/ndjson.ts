// NDJSON of generated entries: one line per stream entry, `{"source":…,"e":…}` where `e` is the
// payload string exactly as it would be written (so malformed faults stay visible and exact).
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { MINUTE_MS } from '@torch/shared';
import { type Fault, entriesFor, intensityOf } from './faults.ts';
import { generateMinute } from './generate.ts';

export interface RangeOptions {
  seed: number;
  from: number;
  to: number;
  faults: readonly Fault[];
}

/** Entries of a range in arrival order. */
export function* rangeEntries(o: RangeOptions) {
  const gen = { seed: o.seed, intensity: intensityOf(o.faults, o.from) };
  for (let m = Math.floor(o.from / MINUTE_MS); m * MINUTE_MS < o.to; m++) {
    for (const e of generateMinute(gen, m)) {
      if (e.ts < o.from || e.ts >= o.to) continue;
      yield* entriesFor(e, o.faults, o.from, o.seed);
    }
  }
}

export async function writeNdjson(out: Writable, o: RangeOptions): Promise<number> {
  let n = 0;
  for (const entry of rangeEntries(o)) {
    const line = JSON.stringify({ source: entry.source, e: entry.payload ?? null }) + '\n';
    n++;
    if (!out.write(line)) await once(out, 'drain');
  }
  return n;
}
