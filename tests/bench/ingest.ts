// Ingest throughput: the gateway's consumer (validate + reduce + checkpoint + ack) next to a raw
// consumer (XREADGROUP + JSON.parse + XACK) over the same entries, in the same run.
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { SOURCES, type Source, keyLayout } from '@torch/shared';
import { Ingest } from '../../backend/src/ingest/consumer.ts';
import { ingestKeys } from '../../backend/src/ingest/keys.ts';
import { deletePrefix } from '../helpers/redis.ts';
import { payloads, settleHeap, writeResult } from './common.ts';

const N = Number(process.env.BENCH_INGEST_EVENTS ?? 150_000);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `bench:ingest:${process.pid}:`;
const layout = keyLayout(prefix);

async function rawConsumer(): Promise<number> {
  const group = 'raw';
  for (const s of SOURCES) await redis.xgroup('CREATE', layout.stream[s], group, '0', 'MKSTREAM');
  const reader = redis.duplicate();
  const t0 = performance.now();
  let n = 0;
  let sink = 0;
  while (n < N) {
    const reply = (await reader.xreadgroup('GROUP', group, 'c', 'COUNT', 500, 'STREAMS', ...SOURCES.map((s) => layout.stream[s]), '>', '>', '>')) as [string, [string, string[]][]][] | null;
    if (!reply) continue;
    const pipe = redis.pipeline();
    for (const [key, entries] of reply) {
      for (const [, fields] of entries) {
        sink += (JSON.parse(fields[3]!) as { ts: number }).ts & 1;
        n++;
      }
      if (entries.length) pipe.xack(key, group, ...entries.map(([id]) => id));
    }
    await pipe.exec();
  }
  reader.disconnect();
  if (sink < 0) console.log(sink);
  return n / ((performance.now() - t0) / 1000);
}

async function gatewayConsumer(): Promise<number> {
  const keys = ingestKeys(layout, 'bench');
  const ingest = new Ingest({ redis, keys, consumer: 'bench-1', log: pino({ level: process.env.BENCH_LOG ?? 'silent' }) });
  const t0 = performance.now();
  await ingest.start();
  while (ingest.state.applied < N) await new Promise((r) => setTimeout(r, 5));
  const rate = N / ((performance.now() - t0) / 1000);
  await ingest.stop();
  return rate;
}

try {
  const items = payloads(N, Date.now());
  for (let i = 0; i < items.length; i += 5000) {
    const pipe = redis.pipeline();
    for (const { source, payload } of items.slice(i, i + 5000)) pipe.xadd(layout.stream[source as Source], '*', 'v', '1', 'e', payload);
    await pipe.exec();
  }
  // Alternate the order so neither side always runs on a warmer machine.
  settleHeap();
  const raw1 = await rawConsumer();
  settleHeap();
  const gw = await gatewayConsumer();
  const ratio = gw / raw1;
  const rows = [{ consumer: 'raw XREADGROUP + JSON.parse + XACK (baseline)', eventsPerSecond: Math.round(raw1) }, { consumer: 'gateway: validate + reduce + checkpoint + ack', eventsPerSecond: Math.round(gw) }];
  console.table(rows);
  console.log(`ingest / baseline: ${ratio.toFixed(2)}× (${N} events; target ≥ 0.6×)`);
  writeResult('ingest', { events: N, rows, ratio });
} finally {
  await deletePrefix(redis, prefix);
  await redis.quit();
}
