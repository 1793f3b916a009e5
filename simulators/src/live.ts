// Live feeds: a simulated clock (real time × speed from a start instant) drives the generator; each
// tick writes every entry whose arrival time has passed. A run started in the past with --speed > 1
// catches up and then continues at 1×: the feeds never run ahead of real time, since the gateway
// rightly refuses events from the future.
import type { Redis } from 'ioredis';
import { type KeyLayout, MINUTE_MS } from '@torch/shared';
import { type Fault, type Outgoing, entriesFor, intensityOf } from './faults.ts';
import { generateMinute } from './generate.ts';
import { sleep } from './retry.ts';
import { type Retention, StreamWriter, type WriteCounts, emptyCounts } from './writer.ts';

export interface LiveOptions {
  redis: Redis;
  keys: KeyLayout;
  seed: number;
  /** Simulated start; default now. */
  start?: number;
  speed?: number;
  /** Fixed total rate in events per real second, instead of the calendar's intensity. */
  rate?: number;
  faults?: readonly Fault[];
  retention?: Retention;
  tickMs?: number;
  /** Entries held while Redis is unreachable; beyond this the oldest are dropped and counted. */
  maxPending?: number;
  signal: AbortSignal;
  now?: () => number;
  onTick?: (stats: LiveStats) => void;
  onCaughtUp?: () => void;
}

export interface LiveStats extends WriteCounts {
  simulatedNow: number;
  faults: Record<string, number>;
  dropped: number;
  pending: number;
  seconds: number;
}

export async function runLive(opts: LiveOptions): Promise<LiveStats> {
  const now = opts.now ?? Date.now;
  const realStart = now();
  const simStart = opts.start ?? realStart;
  const speed = opts.speed ?? 1;
  const faults = opts.faults ?? [];
  const gen = {
    seed: opts.seed,
    intensity: intensityOf(faults, simStart),
    ...(opts.rate !== undefined ? { fixedPerMinute: (opts.rate * 60) / speed } : {}),
  };
  const writer = new StreamWriter(opts.redis, opts.keys, 'live', opts.retention);
  const maxPending = opts.maxPending ?? 500_000;
  const stats: LiveStats = { ...emptyCounts(), simulatedNow: simStart, faults: {}, dropped: 0, pending: 0, seconds: 0 };
  let pending: Outgoing[] = [];
  let nextMinute = Math.floor(simStart / MINUTE_MS);
  let caughtUp = false;

  const simulatedNow = () => {
    const real = now();
    const sim = simStart + (real - realStart) * speed;
    if (sim < real) return sim;
    if (!caughtUp && speed > 1) {
      caughtUp = true;
      opts.onCaughtUp?.();
    }
    // Before the catch-up point the clock runs at `speed`; after it, it is real time.
    return Math.max(real, simStart);
  };

  while (true) {
    const stopping = opts.signal.aborted;
    const simNow = simulatedNow();
    while (nextMinute * MINUTE_MS <= simNow) {
      for (const e of generateMinute(gen, nextMinute)) {
        if (e.ts < simStart) continue;
        for (const out of entriesFor(e, faults, simStart, opts.seed)) pending.push(out);
      }
      nextMinute++;
    }
    let due = 0;
    while (due < pending.length && pending[due]!.arrival <= simNow) due++;
    if (pending.length > maxPending) {
      const drop = pending.length - maxPending;
      pending = pending.slice(drop);
      stats.dropped += drop;
      due = Math.max(0, due - drop);
    }
    if (due > 0) {
      const batch = pending.slice(0, due);
      await writer.write(batch, stats);
      pending = pending.slice(due);
      for (const e of batch) if (e.fault) stats.faults[e.fault] = (stats.faults[e.fault] ?? 0) + 1;
    }
    stats.simulatedNow = simNow;
    stats.pending = pending.length;
    stats.seconds = (now() - realStart) / 1000;
    opts.onTick?.(stats);
    if (stopping) break;
    await sleep(opts.tickMs ?? 100, opts.signal);
  }
  return stats;
}
