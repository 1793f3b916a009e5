// Soak: keep the wall open under live feeds and report its heap and long tasks. Not a timed unit
// test: run it when judging unattended running (`npm run soak`, SOAK_MINUTES=10 by default).
// It starts its own gateway (own key prefix) and a fixed-rate live feed, opens /wall in Debian's
// Chromium, samples the JS heap every 30 s and counts long tasks (> 50 ms) through the
// PerformanceObserver, then prints a table and writes tests/artifacts/soak-wall.json.
import { Redis } from 'ioredis';
import { keyLayout } from '@torch/shared';
import { backfill, runLive } from '@torch/simulators';
import { buildFrontend, needsBuild } from '@torch/backend';
import { byName, launch } from '../helpers/browser.ts';
import { startGateway } from '../helpers/gateway.ts';
import { deletePrefix, REDIS_URL } from '../helpers/redis.ts';
import { freePort } from '../helpers/processes.ts';
import { writeResult } from '../bench/common.ts';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const rate = Number(process.env.SOAK_RATE ?? 50);
const prefix = `soak:wall:${process.pid}:`;
const redis = new Redis(REDIS_URL);
if (needsBuild()) await buildFrontend();
const to = Date.now() - 60_000;
await backfill({ redis, keys: keyLayout(prefix), seed: 5, from: to - 2 * 86_400_000, to });
const t = await startGateway(prefix, { env: { PORT: String(await freePort()), SERVE_FRONTEND: 'true' } });
const token = (await t.login()).accessToken;
const display = await t.post('/api/display-tokens', { name: 'soak' }, token);
const ac = new AbortController();
const feeding = runLive({ redis, keys: keyLayout(prefix), seed: 6, rate, signal: ac.signal });

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.addInitScript(() => {
  (window as unknown as { __long: number[] }).__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) (window as unknown as { __long: number[] }).__long.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
});
await page.goto(byName(t.url) + display.body.url);
await page.waitForSelector('[data-testid=kpi-sales-mtd]');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const samples: { minute: number; heapMB: number; longTasks: number; longestMs: number; domNodes: number }[] = [];
const started = Date.now();
while (Date.now() - started < minutes * 60_000) {
  await new Promise((r) => setTimeout(r, 30_000));
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const m = (await cdp.send('Performance.getMetrics')).metrics;
  const get = (name: string) => m.find((x) => x.name === name)?.value ?? 0;
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));
  samples.push({ minute: Number(((Date.now() - started) / 60_000).toFixed(1)), heapMB: Number((get('JSHeapUsedSize') / 2 ** 20).toFixed(1)), longTasks: long.length, longestMs: Math.round(Math.max(0, ...long)), domNodes: get('Nodes') });
  console.log(samples.at(-1));
}
ac.abort();
await feeding;
await browser.close();
await t.stop();
await deletePrefix(redis, prefix);
await redis.quit();
console.table(samples);
const first = samples[1] ?? samples[0]!;
const last = samples.at(-1)!;
console.log(`heap ${first.heapMB} MB → ${last.heapMB} MB over ${minutes} min at ${rate} events/s; long tasks after the first minute: ${samples.slice(2).reduce((s, x) => s + x.longTasks, 0)}`);
writeResult('soak-wall', { minutes, rate, samples });
process.exit(0);
