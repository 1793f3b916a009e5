// Fan-out: N real Socket.IO clients on the zone room of a gateway (its own process) at 4 deltas a
// second while events flow, against a bare Socket.IO server (its own process) broadcasting the very
// same messages at the same moments to N clients. Reported: the gateway's CPU over the window as a
// ratio to the bare server's, the p99 spread of delivery of one message across the clients, how
// many clients were behind at the end, and the mean delta size. The gateways run on the full
// default history (1 January last year to now, backfilled once into a shared prefix; each gateway
// resumes from the checkpoint and is caught up before the window), as a wall meets it;
// BENCH_FANOUT_HISTORY=none skips it.
import { fork } from 'node:child_process';
import { Redis } from 'ioredis';
import { PROTOCOL_VERSION, keyLayout } from '@torch/shared';
import { backfill, defaultHistoryStart } from '@torch/simulators';
import { io, type Socket } from 'socket.io-client';
import { killHard, spawnGateway } from '../helpers/processes.ts';
import { deletePrefix } from '../helpers/redis.ts';
import { cpuSeconds, feedAt, percentile, writeResult } from './common.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// 0 first: the gateway's own cost of ingesting the same feed with nobody watching.
const sizes = (process.env.BENCH_CLIENTS ?? '0,200,500').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const rate = Number(process.env.BENCH_FANOUT_RATE ?? 200);
const redis = new Redis(url);
const results: Record<string, unknown>[] = [];
const history = process.env.BENCH_FANOUT_HISTORY ?? 'full';
const shared = `bench:fanout:${process.pid}:`;
if (history === 'full') {
  const to = Date.now() - 60_000;
  const b = await backfill({ redis, keys: keyLayout(shared), seed: 5, from: defaultHistoryStart(to), to });
  console.log(`history: ${b.written} entries backfilled in ${b.seconds.toFixed(0)} s`);
}

async function caughtUp(base: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const h = (await (await fetch(`${base}/api/health`)).json()) as { caughtUp?: boolean };
    if (h.caughtUp) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('gateway did not catch up within 10 minutes');
}

async function clients(n: number, base: string, auth: Record<string, unknown>) {
  const arrivals = new Map<number, number[]>();
  const last: number[] = new Array(n).fill(0);
  const sockets: Socket[] = [];
  let counter = 0;
  for (let i = 0; i < n; i++) {
    const s = io(base, { transports: ['websocket'], auth, forceNew: true, reconnection: false });
    // Subscribed explicitly, as a wall does; the bare server's clients need not (it broadcasts).
    s.on('connect', () => s.emit('subscribe', { channel: 'zone' }, () => {}));
    s.on('view', (m: { type?: string; seq?: number; n?: number }) => {
      if (m.type === 'snapshot') return;
      const seq = m.seq ?? m.n ?? ++counter;
      last[i] = Math.max(last[i]!, seq);
      let a = arrivals.get(seq);
      if (!a) arrivals.set(seq, (a = []));
      a.push(performance.now());
    });
    sockets.push(s);
  }
  await Promise.all(sockets.map((s) => new Promise((r) => (s.connected ? r(null) : s.once('connect', () => r(null))))));
  return {
    sockets, last, arrivals,
    spreadP99() {
      const spreads = [...arrivals.values()].filter((a) => a.length > 1).map((a) => Math.max(...a) - Math.min(...a)).sort((x, y) => x - y);
      return Math.round(percentile(spreads, 99));
    },
    close() { for (const s of sockets) s.close(); },
  };
}

for (const n of sizes) {
  const prefix = history === 'full' ? shared : `bench:fanout:${process.pid}:${n}:`;
  const gw = await spawnGateway({ REDIS_URL: url, TORCH_KEY_PREFIX: prefix, TORCH_ADMIN_PASSWORD: 'bench-root-password', LOG_LEVEL: 'warn', DELTA_HZ: '4', RATE_LIMIT_PER_MINUTE: '100000', SOCKETS_PER_TOKEN: '10000', SOCKETS_PER_IP: '100000' });
  const recorded: { at: number; payload: unknown }[] = [];
  let gatewayCpu = 0;
  let gatewaySpread = 0;
  let behind = 0;
  try {
    await caughtUp(gw.url);
    const login = await fetch(`${gw.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-root-password' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const c = await clients(Math.max(n, 1), gw.url, { token: accessToken, protocol: PROTOCOL_VERSION });
    let t0 = 0;
    c.sockets[0]!.on('view', (m: { type: string }) => t0 && m.type === 'delta' && recorded.push({ at: performance.now() - t0, payload: m }));
    await new Promise((r) => setTimeout(r, 3000));
    const cpu0 = cpuSeconds(gw.child.pid!);
    t0 = performance.now();
    await feedAt(redis, prefix, rate, seconds);
    await new Promise((r) => setTimeout(r, 1000));
    gatewayCpu = cpuSeconds(gw.child.pid!) - cpu0;
    const top = Math.max(...c.last);
    behind = c.last.filter((s) => s < top).length;
    gatewaySpread = c.spreadP99();
    c.close();
  } finally {
    await killHard(gw);
    if (prefix !== shared) await deletePrefix(redis, prefix);
  }

  // The baseline: the same messages, the same moments, the same number of clients.
  const bare = fork(new URL('./bareServer.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((r) => bare.once('message', (m: { port: number }) => r(m.port)));
  const b = await clients(n, `http://127.0.0.1:${port}`, {});
  await new Promise((r) => setTimeout(r, 3000));
  const cpu0 = cpuSeconds(bare.pid!);
  bare.send({ messages: recorded });
  await new Promise((r) => bare.once('message', r));
  await new Promise((r) => setTimeout(r, 1000));
  const bareCpu = cpuSeconds(bare.pid!) - cpu0;
  const bareSpread = b.spreadP99();
  b.close();
  bare.kill('SIGKILL');

  const idle = results.find((r) => r.clients === 0) as { gatewayCpuSeconds: number } | undefined;
  const fanoutOnly = idle && n > 0 ? +((gatewayCpu - idle.gatewayCpuSeconds) / Math.max(bareCpu, 0.01)).toFixed(2) : null;
  results.push({
    clients: n, fanoutOnlyRatio: fanoutOnly, messages: recorded.length,
    deltaMeanBytes: Math.round(recorded.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r.payload)), 0) / Math.max(1, recorded.length)), eventsPerSecond: rate, gatewayCpuSeconds: +gatewayCpu.toFixed(2), bareCpuSeconds: +bareCpu.toFixed(2),
    cpuRatio: +(gatewayCpu / Math.max(bareCpu, 0.01)).toFixed(2), gatewaySpreadP99Ms: gatewaySpread, bareSpreadP99Ms: bareSpread, clientsBehind: behind,
  });
}
await deletePrefix(redis, shared);
await redis.quit();
console.table(results);
for (const r of results) {
  if (r.clients === 0) console.log(`gateway alone (one client) ingesting ${rate} ev/s: ${r.gatewayCpuSeconds} CPU s over the window`);
  else console.log(`fan-out to ${r.clients} clients (deltas ${r.deltaMeanBytes} B on average): gateway CPU ${r.cpuRatio}× a bare Socket.IO broadcast of the same messages (target ≤ 1.5×), ${r.fanoutOnlyRatio}× counting only what the clients add over the gateway alone; delivery spread p99 ${r.gatewaySpreadP99Ms} ms (bare ${r.bareSpreadP99Ms} ms); clients behind at the end: ${r.clientsBehind}`);
}
writeResult('fanout', { seconds, rate, history, load: (await import('node:os')).loadavg(), results });
