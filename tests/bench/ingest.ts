// Ingest throughput: the gateway's consumer (validate + reduce + alert rules as shipped + checkpoint
// + ack) next to a raw consumer (XREADGROUP + JSON.parse + XACK) over the same entries, in the same
// run: BENCH_ROUNDS rounds (default 5), each writing the entries afresh and running both sides on
// them (different consumer groups), in alternating order; the median ratio is the figure.
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { SOURCES, type Source, keyLayout } from '@torch/shared';
import { Ingest } from '../../backend/src/ingest/consumer.ts';
import { ingestKeys } from '../../backend/src/ingest/keys.ts';
import { AlertService } from '../../backend/src/alerts/service.ts';
import { deletePrefix } from '../helpers/redis.ts';
import { payloads, settleHeap, writeResult } from './common.ts';

const N = Number(process.env.BENCH_INGEST_EVENTS ?? 150_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
// The rules file a gateway loads by default (backend/rules/alert-rules.yaml).
const RULES = new URL('../../backend/rules/alert-rules.yaml', import.meta.url).pathname;
let layout = keyLayout('bench:ingest:unset:');

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
  const log = pino({ level: process.env.BENCH_LOG ?? 'silent' });
  const alerts = new AlertService({ redis, prefix: layout.prefix, gatewayId: 'bench', rulesFile: RULES, log, now: Date.now });
  await alerts.start();
  const ingest = new Ingest({ redis, keys, consumer: 'bench-1', log, alerts: alerts.forIngest() });
  const t0 = performance.now();
  await ingest.start();
  // Until committed too (state + acks in Redis), not only applied in memory.
  while (ingest.state.applied < N || ingest.uncommittedEntries > 0) await new Promise((r) => setTimeout(r, 5));
  const rate = N / ((performance.now() - t0) / 1000);
  await ingest.stop();
  alerts.stop();
  return rate;
}

const items = payloads(N, Date.now());
const rounds: { round: number; order: string; raw: number; gateway: number; ratio: number }[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const prefix = `bench:ingest:${process.pid}:${round}:`;
  layout = keyLayout(prefix);
  try {
    for (let i = 0; i < items.length; i += 5000) {
      const pipe = redis.pipeline();
      for (const { source, payload } of items.slice(i, i + 5000)) pipe.xadd(layout.stream[source as Source], '*', 'v', '1', 'e', payload);
      await pipe.exec();
    }
    // Alternate the order so neither side always runs on a warmer (or busier) machine.
    const rawFirst = round % 2 === 1;
    settleHeap();
    const first = rawFirst ? await rawConsumer() : await gatewayConsumer();
    settleHeap();
    const second = rawFirst ? await gatewayConsumer() : await rawConsumer();
    const [raw, gw] = rawFirst ? [first, second] : [second, first];
    rounds.push({ round, order: rawFirst ? 'raw, gateway' : 'gateway, raw', raw: Math.round(raw), gateway: Math.round(gw), ratio: +(gw / raw).toFixed(3) });
  } finally {
    await deletePrefix(redis, prefix);
  }
}
await redis.quit();
console.table(rounds);
const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
const load = (await import('node:os')).loadavg().map((x) => +x.toFixed(2));
console.log(`ingest (with the shipped alert rules) / raw XREADGROUP + JSON.parse + XACK, median of ${ROUNDS} alternated rounds: ${median.ratio}× (${N} events; target ≥ 0.75×; load ${load.join(' ')})`);
writeResult('ingest', { events: N, rules: RULES, rounds, medianRatio: median.ratio, load });
