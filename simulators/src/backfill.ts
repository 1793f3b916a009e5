// History as fast as Redis takes it: generate minute by minute, write in pipelined batches with one
// batch in flight while the next is generated, ids set to arrival time (see writer.ts).
import type { Redis } from 'ioredis';
import { type KeyLayout, MINUTE_MS, SOURCES, startOfShanghaiYear, toShanghaiIso } from '@torch/shared';
import type { Fault } from './faults.ts';
import { batchesOf } from './range.ts';
import { type Retention, StreamWriter, type WriteCounts, emptyCounts } from './writer.ts';

export interface BackfillOptions {
  redis: Redis;
  keys: KeyLayout;
  seed: number;
  /** Default: where the streams end, or 1 January of last year (Asia/Shanghai) when they are empty. */
  from?: number;
  /** Default: now. Never later than now: history does not include the future. */
  to?: number;
  faults?: readonly Fault[];
  retention?: Retention;
  batchSize?: number;
  /** Called after each batch with the share of the range done, 0–1. */
  onProgress?: (done: number, counts: WriteCounts) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export interface BackfillResult extends WriteCounts {
  from: number;
  to: number;
  seconds: number;
  perSecond: number;
  aborted: boolean;
}

/** Default start of history: long enough that 同比 for this month and year-to-date works on day one. */
export function defaultHistoryStart(now: number): number {
  return startOfShanghaiYear(startOfShanghaiYear(now) - 1);
}

export async function backfill(opts: BackfillOptions): Promise<BackfillResult> {
  const now = (opts.now ?? Date.now)();
  const writer = new StreamWriter(opts.redis, opts.keys, 'history', opts.retention);
  const last = await writer.lastIds();
  const tops = SOURCES.map((s) => last[s]?.ms).filter((ms): ms is number => ms !== undefined);
  // Resume from the oldest stream end: entries already there are skipped by id, so nothing doubles.
  const resumeFrom = tops.length > 0 ? Math.min(...tops) : undefined;
  const from = opts.from ?? (resumeFrom !== undefined ? Math.floor(resumeFrom / MINUTE_MS) * MINUTE_MS : defaultHistoryStart(now));
  const to = Math.min(opts.to ?? now, now);
  if (!(from < to)) {
    return { ...emptyCounts(), from, to, seconds: 0, perSecond: 0, aborted: false };
  }
  const batchSize = opts.batchSize ?? 1000;
  const counts = emptyCounts();
  const started = performance.now();
  let inFlight: Promise<unknown> = Promise.resolve();
  let aborted = false;
  const range = { seed: opts.seed, from, to, faults: opts.faults ?? [] };
  // Generation stays on this thread: on a two-core machine a worker thread competes with Redis
  // itself and measured slower (see the closing note of the foundation issue).
  for (const batch of batchesOf(range, batchSize)) {
    if (opts.signal?.aborted) {
      aborted = true;
      break;
    }
    await inFlight;
    inFlight = writer.write(batch, counts);
    const lastArrival = batch[batch.length - 1]!.arrival;
    opts.onProgress?.((lastArrival - from) / (to - from), counts);
  }
  await inFlight;
  await opts.redis.hset(opts.keys.backfillMarks, String(opts.seed), JSON.stringify({ from: toShanghaiIso(from), to: toShanghaiIso(to), written: counts.written }));
  opts.onProgress?.(1, counts);
  const seconds = (performance.now() - started) / 1000;
  return { ...counts, from, to, seconds, perSecond: seconds > 0 ? counts.written / seconds : 0, aborted };
}
