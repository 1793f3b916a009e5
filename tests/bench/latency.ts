// XADD → socket delta latency at a fixed event rate, against a gateway running as its own process.
// The writer remembers when it wrote the k-th event; each delta carries the gateway's count of
// accepted events, so every event k gets a latency: (time the first delta counting it arrived) −
// (time it was written). That includes the wait for the throttle. p50 / p99 over all events; an
// event no delta ever counted (within 15 s of the last write) is a failure, reported as such, and
// a writer that fell short of its rate (the machine could not keep up) is flagged.
import { Redis } from 'ioredis';
import { PROTOCOL_VERSION, SOURCES, type Source, applyChanges, changesOf, keyLayout, type ScreenView } from '@torch/shared';
import { io } from 'socket.io-client';
import { spawnGateway, killHard } from '../helpers/processes.ts';
import { deletePrefix } from '../helpers/redis.ts';
import { payloads, percentile, writeResult } from './common.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const rates = (process.env.BENCH_RATES ?? '5000,20000').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const redis = new Redis(url);
const results: { rate: number; achievedRate: number; writerReachedRate: boolean; events: number; undelivered: number; p50: number; p99: number; intervalMs: number }[] = [];

for (const rate of rates) {
  const prefix = `bench:latency:${process.pid}:${rate}:`;
  const layout = keyLayout(prefix);
  const gw = await spawnGateway({ REDIS_URL: url, TORCH_KEY_PREFIX: prefix, TORCH_ADMIN_PASSWORD: 'bench-root-password', LOG_LEVEL: 'warn', DELTA_HZ: '4' });
  try {
    const login = await fetch(`${gw.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-root-password' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const total = rate * seconds;
    const items = payloads(total, Date.now(), rate);
    const writtenAt = new Float64Array(total + 1);
    let view: ScreenView | null = null;
    const latencies: number[] = [];
    const socket = io(gw.url, { transports: ['websocket'], auth: { token: accessToken, protocol: PROTOCOL_VERSION } });
    const accepted = () => SOURCES.reduce((n, s) => n + view!.feeds[s].accepted, 0);
    socket.on('connect', () => socket.emit('subscribe', { channel: 'zone' }, () => {}));
    let counted = 0;
    socket.on('view', (m) => {
      if (m.type === 'snapshot') {
        view = m.view;
        return;
      }
      const at = performance.now();
      applyChanges(view!, changesOf(m.patch));
      const k = Math.min(accepted(), total);
      for (let i = counted + 1; i <= k; i++) if (writtenAt[i]! > 0) latencies.push(at - writtenAt[i]!);
      counted = Math.max(counted, k);
    });
    await new Promise((r) => socket.once('view', r));

    // Write at the target rate in 10 ms slices.
    const start = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      if (due > sent) {
        const pipe = redis.pipeline();
        for (let i = sent; i < due; i++) pipe.xadd(layout.stream[items[i]!.source as Source], '*', 'v', '1', 'e', items[i]!.payload);
        await pipe.exec();
        const now = performance.now();
        for (let i = sent + 1; i <= due; i++) writtenAt[i] = now;
        sent = due;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const achieved = total / ((performance.now() - start) / 1000);
    const end = Date.now() + 15_000;
    while (Date.now() < end && (!view || accepted() < total)) await new Promise((r) => setTimeout(r, 50));
    socket.close();
    latencies.sort((a, b) => a - b);
    results.push({ rate, achievedRate: Math.round(achieved), writerReachedRate: achieved >= 0.95 * rate, events: latencies.length, undelivered: total - latencies.length, p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), intervalMs: 250 });
  } finally {
    await killHard(gw);
    await deletePrefix(redis, prefix);
  }
}
await redis.quit();
console.table(results);
for (const r of results) console.log(`XADD → delta at ${r.rate} ev/s (writer reached ${r.achievedRate}/s${r.writerReachedRate ? '' : ': SHORT of the rate'}): p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.undelivered} of ${r.events + r.undelivered} events never delivered (throttle ${r.intervalMs} ms; target p99 ≤ ${r.intervalMs + (r.rate <= 5000 ? 50 : 150)} ms, none undelivered)`);
writeResult('latency', { seconds, results });
