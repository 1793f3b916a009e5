// Shared by the benchmarks: results table, JSON output, percentiles, event payloads.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident set size of a process, MB (Linux). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : NaN;
}

/** Write events to the streams at `rate` per second for `seconds`, in 10 ms slices. */
export async function feedAt(redis: import('ioredis').Redis, prefix: string, rate: number, seconds: number, seed = 7, onSlice?: () => void): Promise<number> {
  const { keyLayout } = await import('@torch/shared');
  const layout = keyLayout(prefix);
  const total = Math.round(rate * seconds);
  const items = payloads(Math.min(total, Math.max(rate, 1000)), Date.now(), seed);
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    if (due > sent) {
      const pipe = redis.pipeline();
      for (let i = sent; i < due; i++) {
        const it = items[i % items.length]!;
        // Fresh ids so nothing is a duplicate: the payload's id gets the running number.
        pipe.xadd(layout.stream[it.source], '*', 'v', '1', 'e', it.payload.replace(/"id":"([^"]+)"/, `"id":"$1-${i}"`));
      }
      await pipe.exec();
      sent = due;
      onSlice?.();
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return total / ((performance.now() - start) / 1000);
}
