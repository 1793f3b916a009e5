// Soak: the wall left on as a control room leaves it, with a day compressed into the run. Not a
// timed unit test: `npm run soak -- --minutes 30` (default 10).
//
// A private redis-server (append-only, so it can be restarted without losing the log) and a
// gateway whose clock is simulated: it starts `minutes / 2` before a Shanghai midnight, so the
// wall crosses midnight halfway through. Feeds run live at a fixed, fast rate with that clock. The
// wall is opened by a signed-in person whose access tokens last 60 s (the wall must renew them for
// the whole run), in Debian's Chromium with the page clock on the same simulated time. A third of
// the way through the gateway restarts; two thirds through, Redis restarts. Every 30 s the JS heap
// (after a forced GC), long tasks, DOM nodes and the wall's status are sampled.
// At the end it checks, and exits non-zero if any fails: the wall is live; today's figures rolled
// over at midnight (the wall's 今日 equals the gateway's and is below the day before's last value);
// the heap is within 10 % of its start; no console error but the expected reconnects; the figures
// equal /api/metrics. It prints a table and writes tests/artifacts/soak-wall.json.
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { keyLayout, type MetricsView, startOfShanghaiDay } from '@torch/shared';
import { backfill, runLive } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { byName, launch } from '../helpers/browser.ts';
import { startGateway, type TestGateway } from '../helpers/gateway.ts';
import { freePort, privateRedis } from '../helpers/processes.ts';
import { writeResult } from '../bench/common.ts';

const { values: args } = parseArgs({ options: { minutes: { type: 'string' }, rate: { type: 'string' } } });
const minutes = Number(args.minutes ?? process.env.SOAK_MINUTES ?? 10);
const rate = Number(args.rate ?? process.env.SOAK_RATE ?? 50);
const KPIS = ['sales', 'tax', 'exports', 'imports', 'netEstablished'] as const;
const DAY = 86_400_000;

// The simulated clock: real time, shifted so that a Shanghai midnight falls halfway through. It
// lies in the past (the most recent midnight before now minus half the run), so every simulated
// event is older than its arrival, as real late-reported events are.
// Setting up (history, gateway, browser) is given SETUP_MS; the observed run starts after it.
const SETUP_MS = 120_000;
const realStart = Date.now();
const observeFrom = realStart + SETUP_MS;
const midnight = startOfShanghaiDay(realStart - (minutes / 2) * 60_000 - SETUP_MS);
const simStart = midnight - (minutes / 2) * 60_000 - SETUP_MS;
const sim = () => simStart + (Date.now() - realStart);

if (needsBuild()) await buildFrontend();
const store = await privateRedis();
await store.start();
const redis = new Redis(store.url, { maxRetriesPerRequest: null });
redis.on('error', () => {}); // the restart below is expected; runLive reports its own outages
const prefix = 'soak:';
const keys = keyLayout(prefix);
await backfill({ redis, keys, seed: 5, from: simStart - 3 * DAY, to: simStart });

const port = await freePort();
const env = { PORT: String(port), SERVE_FRONTEND: 'true', ACCESS_TOKEN_TTL_SECONDS: '60', DELTA_HZ: '4' };
let t: TestGateway = await startGateway(prefix, { redisUrl: store.url, now: sim, env });
const session = await t.login();
const ac = new AbortController();
const feeding = runLive({ redis, keys, seed: 6, start: simStart, rate, signal: ac.signal });

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const errors: string[] = [];
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
page.on('pageerror', (e) => errors.push(e.message));
await page.clock.install({ time: sim() });
await page.addInitScript(() => {
  const w = window as unknown as { __long: number[] };
  w.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__long.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
});
await page.goto(`${byName(t.url)}/login`);
await page.evaluate((s) => localStorage.setItem('torch.session', JSON.stringify(s)), session);
await page.goto(`${byName(t.url)}/wall`);
await page.waitForSelector('[data-testid=wall][data-status=live] [data-testid=kpi-sales-mtd]', { timeout: 120_000 });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
if (Date.now() < observeFrom) await new Promise((r) => setTimeout(r, observeFrom - Date.now()));

const kpis = async () => {
  const out: Record<string, number> = {};
  for (const k of KPIS) for (const p of ['today', 'mtd', 'ytd']) out[`${k}.${p}`] = Number(await page.getAttribute(`[data-testid=kpi-${k}-${p}]`, 'data-value'));
  return out;
};
const rest = async () => {
  const view = (await t.get('/api/metrics', (await t.login()).accessToken)).body as MetricsView;
  const out: Record<string, number> = {};
  for (const k of KPIS) for (const p of ['today', 'mtd', 'ytd'] as const) out[`${k}.${p}`] = view.metrics.zone[k][p];
  return out;
};

interface Sample { minute: number; sim: string; status: string; heapMB: number; longTasks: number; longestMs: number; domNodes: number; salesToday: number }
const samples: Sample[] = [];
const events: string[] = [];
let restartedGateway = false;
let restartedRedis = false;
let beforeMidnight = 0;
while (Date.now() - observeFrom < minutes * 60_000) {
  await new Promise((r) => setTimeout(r, 30_000));
  const elapsed = (Date.now() - observeFrom) / 60_000;
  if (!restartedGateway && elapsed >= minutes / 3) {
    restartedGateway = true;
    await t.stop();
    t = await startGateway(prefix, { redisUrl: store.url, now: sim, env });
    events.push(`${elapsed.toFixed(1)} min: gateway restarted`);
  } else if (!restartedRedis && elapsed >= (2 * minutes) / 3) {
    restartedRedis = true;
    await store.stop();
    await new Promise((r) => setTimeout(r, 3000));
    await store.start();
    events.push(`${elapsed.toFixed(1)} min: Redis restarted`);
  }
  // Best effort before sampling the heap: without it the sample is only noisier, not wrong.
  await cdp.send('HeapProfiler.collectGarbage').catch((e: Error) => events.push(`gc failed: ${e.message}`));
  const m = (await cdp.send('Performance.getMetrics')).metrics;
  const get = (name: string) => m.find((x) => x.name === name)?.value ?? 0;
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));
  // A wall without figures at this moment is itself a finding: recorded, not a crash.
  const salesToday = Number(await page.getAttribute('[data-testid=kpi-sales-today]', 'data-value', { timeout: 5000 }).catch(() => null));
  if (sim() < midnight) beforeMidnight = salesToday;
  samples.push({
    minute: Number(elapsed.toFixed(1)), sim: new Date(sim() + 8 * 3_600_000).toISOString().slice(11, 19), status: (await page.getAttribute('[data-testid=wall]', 'data-status')) ?? '?',
    heapMB: Number((get('JSHeapUsedSize') / 2 ** 20).toFixed(1)), longTasks: long.length, longestMs: Math.round(Math.max(0, ...long)), domNodes: get('Nodes'), salesToday,
  });
  console.log(samples.at(-1));
}

// Let the last deltas land, then judge.
await page.waitForSelector('[data-testid=wall][data-status=live]', { timeout: 60_000 }).catch(() => null);
ac.abort();
await feeding;
await new Promise((r) => setTimeout(r, 3000));
const [wall, gateway] = [await kpis(), await rest()];
const status = await page.getAttribute('[data-testid=wall]', 'data-status');
const unexpected = errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e));
const warm = samples[2] ?? samples[0]!;
const last = samples.at(-1)!;
const heapChange = (last.heapMB - warm.heapMB) / warm.heapMB;
const checks = {
  'the wall is live at the end': status === 'live',
  'today rolled over at midnight (after < before)': sim() > midnight && wall['sales.today']! < beforeMidnight,
  'the wall equals /api/metrics': JSON.stringify(wall) === JSON.stringify(gateway),
  'heap within 10 % of its start (after warm-up)': Math.abs(heapChange) <= 0.1,
  'no console error but the expected reconnects': unexpected.length === 0,
};
await page.screenshot({ path: 'tests/artifacts/soak-wall-end.png' });
await browser.close();
await t.stop();
redis.disconnect();
await store.stop();
store.remove();

console.table(samples);
for (const e of events) console.log(e);
console.log(`heap ${warm.heapMB} MB → ${last.heapMB} MB (${(heapChange * 100).toFixed(1)} %) over ${minutes} min at ${rate} events/s; long tasks after the first minute: ${samples.slice(2).reduce((s, x) => s + x.longTasks, 0)}; sales today ${beforeMidnight} before midnight → ${wall['sales.today']} after`);
for (const [what, ok] of Object.entries(checks)) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
if (unexpected.length) console.log('console errors:', unexpected.slice(0, 10));
if (!checks['the wall equals /api/metrics']) console.log('wall', wall, 'gateway', gateway, 'status', status);
writeResult('soak-wall', { minutes, rate, samples, events, checks, errors: unexpected });
process.exit(Object.values(checks).every(Boolean) ? 0 : 1);
