// NDJSON of generated entries: one line per stream entry, `{"source":…,"e":…}` where `e` is the
// payload string exactly as it would be written (so malformed faults stay visible and exact).
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { type RangeOptions, rangeEntries } from './range.ts';

export async function writeNdjson(out: Writable, o: RangeOptions): Promise<number> {
  let n = 0;
  for (const entry of rangeEntries(o)) {
    const line = JSON.stringify({ source: entry.source, e: entry.payload ?? null }) + '\n';
    n++;
    if (!out.write(line)) await once(out, 'drain');
  }
  return n;
}
