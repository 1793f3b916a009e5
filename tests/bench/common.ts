// Shared by the benchmarks: results table, JSON output, percentiles, event payloads.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { MINUTE_MS } from '@torch/shared';
import { generateMinute } from '@torch/simulators';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function machine() {
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

export function writeResult(name: string, result: unknown): void {
  mkdirSync('tests/artifacts', { recursive: true });
  writeFileSync(`tests/artifacts/bench-${name}.json`, JSON.stringify({ at: new Date().toISOString(), machine: machine(), ...(result as object) }, null, 2));
}

/** `n` valid events (source, payload) with event times in the hour before `end`. */
export function payloads(n: number, end: number, seed = 99): { source: 'tax' | 'customs' | 'registry'; payload: string }[] {
  const out: { source: 'tax' | 'customs' | 'registry'; payload: string }[] = [];
  const perMinute = Math.ceil(n / 60) + 50;
  for (let m = Math.floor((end - 3_600_000) / MINUTE_MS); out.length < n; m++) {
    for (const e of generateMinute({ seed, fixedPerMinute: perMinute }, m)) {
      if (out.length >= n) break;
      out.push({ source: e.kind.split('.')[0] as 'tax', payload: JSON.stringify(e) });
    }
  }
  return out;
}

/** Collect garbage before a timed section, so one side does not pay for the other's leftovers. */
export function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
