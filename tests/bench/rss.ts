// Gateway memory under sustained load: a gateway process fed at 5,000 events/s for twenty minutes
// (BENCH_RSS_SECONDS), its resident set sampled every 10 s — past the point where the duplicate-check
// window is full (≈ 12 min at this rate). "Flat" means the last third stays within ±5 % of its
// median.
import { Redis } from 'ioredis';
import { killHard, spawnGateway } from '../helpers/processes.ts';
import { deletePrefix } from '../helpers/redis.ts';
import { feedAt, rssMb, writeResult } from './common.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const seconds = Number(process.env.BENCH_RSS_SECONDS ?? 1200);
const rate = Number(process.env.BENCH_RSS_RATE ?? 5000);
const redis = new Redis(url);
const prefix = `bench:rss:${process.pid}:`;
const gw = await spawnGateway({ REDIS_URL: url, TORCH_KEY_PREFIX: prefix, TORCH_ADMIN_PASSWORD: 'bench-root-password', LOG_LEVEL: 'warn', STREAM_MAXLEN: '200000' });
const samples: { s: number; rssMb: number }[] = [];
const start = Date.now();
const timer = setInterval(() => samples.push({ s: Math.round((Date.now() - start) / 1000), rssMb: rssMb(gw.child.pid!) }), 10_000);
try {
  samples.push({ s: 0, rssMb: rssMb(gw.child.pid!) });
  // Trim the streams as a deployment would, or Redis (not the gateway) grows by gigabytes.
  const trim = setInterval(() => {
    // Housekeeping only: a trim that fails (Redis busy) is done by the next one, 5 s later.
    for (const s of ['tax', 'customs', 'registry']) void redis.xtrim(`${prefix}stream:${s}`, 'MAXLEN', '~', 200_000).catch((e: Error) => console.warn(`bench rss: trim of ${s} failed: ${e.message}`));
  }, 5000);
  const achieved = await feedAt(redis, prefix, rate, seconds, 5);
  clearInterval(trim);
  samples.push({ s: Math.round((Date.now() - start) / 1000), rssMb: rssMb(gw.child.pid!) });
  const third = samples.slice(Math.floor((2 * samples.length) / 3)).map((x) => x.rssMb).sort((a, b) => a - b);
  const median = third[Math.floor(third.length / 2)]!;
  const spread = { low: +((third[0]! / median - 1) * 100).toFixed(1), high: +((third.at(-1)! / median - 1) * 100).toFixed(1) };
  const last = samples.at(-1)!.rssMb;
  const result = { seconds, rate, achievedRate: Math.round(achieved), firstMb: samples[0]!.rssMb, maxMb: Math.max(...samples.map((x) => x.rssMb)), lastMb: last, lastThirdMedianMb: median, lastThirdSpreadPct: spread, flat: spread.low >= -5 && spread.high <= 5, load: (await import('node:os')).loadavg(), samples };
  console.table(samples);
  console.log(`gateway RSS at ${rate} ev/s (writer reached ${result.achievedRate}/s) for ${seconds} s: ${result.firstMb} → ${result.lastMb} MB (max ${result.maxMb}); last third ${median} MB ${spread.low}…+${spread.high} %: ${result.flat ? 'flat (±5 %)' : 'NOT flat'}`);
  writeResult('rss', result);
} finally {
  clearInterval(timer);
  await killHard(gw);
  await deletePrefix(redis, prefix);
  await redis.quit();
}
