// Backfill throughput next to its baseline, measured in the same run on the same Redis:
//   baseline  plain pipelined XADD of the very same payloads and ids, precomputed in memory
//   backfill  the simulator's backfill (generation + faults + writer), as `npm run simulate -- backfill` runs it
// The range ends a minute before now (a backfill never writes the future, so a range past now
// would be cut on one side only), and the two sides' order alternates over the rounds. Prints a
// table and writes a JSON result; ratios, not absolute timings, are what to compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { ENTRY_FIELDS, EVENT_SCHEMA_VERSION, MINUTE_MS, keyLayout } from '@torch/shared';
import { backfill, rangeEntries } from '@torch/simulators';
import { deletePrefix } from '../helpers/redis.ts';
import { settleHeap } from './common.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const days = Number(process.env.BENCH_DAYS ?? 180);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const redis = new Redis(url);
const to = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
const from = to - days * 86_400_000;

async function baseline(prefix: string): Promise<{ n: number; seconds: number }> {
  const keys = keyLayout(prefix);
  // Same payloads and the same arrival-time ids as the backfill writes.
  const seq = new Map<string, { ms: number; n: number }>();
  const rows: [string, string, string][] = [];
  for (const e of rangeEntries({ seed: 1, from, to, faults: [] })) {
    const prev = seq.get(e.source);
    const cur = prev && prev.ms === e.arrival ? { ms: e.arrival, n: prev.n + 1 } : { ms: e.arrival, n: 0 };
    seq.set(e.source, cur);
    rows.push([keys.stream[e.source], `${cur.ms}-${cur.n}`, e.payload!]);
  }
  settleHeap();
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += 5000) {
    const pipe = redis.pipeline();
    for (const [key, id, payload] of rows.slice(i, i + 5000)) pipe.xadd(key, id, ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION), ENTRY_FIELDS.event, payload);
    await pipe.exec();
  }
  return { n: rows.length, seconds: (performance.now() - t0) / 1000 };
}

const results: { round: number; order: string; baselinePerSecond: number; backfillPerSecond: number; ratio: number; entries: number; written: number }[] = [];
for (let round = 1; round <= rounds; round++) {
  const pa = `bench:base:${process.pid}:${round}:`;
  const pb = `bench:fill:${process.pid}:${round}:`;
  let b: { n: number; seconds: number };
  let f: Awaited<ReturnType<typeof backfill>>;
  const fill = () => backfill({ redis, keys: keyLayout(pb), seed: 1, from, to, ...(process.env.BENCH_BATCH ? { batchSize: Number(process.env.BENCH_BATCH) } : {}) });
  const baseFirst = round % 2 === 1;
  try {
    settleHeap();
    if (baseFirst) b = await baseline(pa);
    else f = await fill();
    settleHeap();
    if (baseFirst) f = await fill();
    else b = await baseline(pa);
  } finally {
    await deletePrefix(redis, pa);
    await deletePrefix(redis, pb);
  }
  results.push({ round, order: baseFirst ? 'baseline, backfill' : 'backfill, baseline', entries: b!.n, written: f!.written, baselinePerSecond: Math.round(b!.n / b!.seconds), backfillPerSecond: Math.round(f!.perSecond), ratio: Number((f!.perSecond / (b!.n / b!.seconds)).toFixed(3)) });
}
await redis.quit();
console.table(results);
const median = [...results].sort((a, b) => a.ratio - b.ratio)[Math.floor(results.length / 2)]!;
for (const r of results) if (r.written !== r.entries) console.log(`round ${r.round}: the backfill wrote ${r.written} entries, the baseline ${r.entries}: not the same work`);
console.log(`backfill / plain pipelined XADD, median of ${rounds}: ${median.ratio}× (${days} days, ${median.entries} entries; target ≥ 0.8×)`);
mkdirSync('tests/artifacts', { recursive: true });
writeFileSync('tests/artifacts/bench-backfill.json', JSON.stringify({ at: new Date().toISOString(), days, results, medianRatio: median.ratio }, null, 2));
