// First load of the wall on a machine without a GPU (software WebGL): time from navigation to a
// live, complete wall (KPIs, charts, both maps drawn), the long tasks on the way, and whether the
// socket stayed up. Not a unit test (timings depend on the machine): `npm run perf:first-load`;
// FIRST_LOAD_RUNS (default 3) fresh pages in a row.
import { Redis } from 'ioredis';
import { keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { byName, launch } from '../helpers/browser.ts';
import { startGateway } from '../helpers/gateway.ts';
import { deletePrefix, REDIS_URL } from '../helpers/redis.ts';
import { freePort } from '../helpers/processes.ts';

const runs = Number(process.env.FIRST_LOAD_RUNS ?? 3);
const prefix = `perf:first-load:${process.pid}:`;
const redis = new Redis(REDIS_URL);
if (needsBuild()) await buildFrontend();
const to = Date.now() - 60_000;
await backfill({ redis, keys: keyLayout(prefix), seed: 5, from: to - 7 * 86_400_000, to });
const t = await startGateway(prefix, { env: { PORT: String(await freePort()), SERVE_FRONTEND: 'true' } });
const token = (await t.login()).accessToken;
const display = await t.post('/api/display-tokens', { name: 'first load' }, token);
const browser = await launch();
const results: { live: number; maps: number; longest: number; longTotal: number; sockets: number }[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    let sockets = 0;
    page.on('websocket', () => sockets++);
    const started = Date.now();
    await page.goto(byName(t.url) + display.body.url);
    await page.waitForSelector('[data-testid=wall][data-status=live] [data-testid=kpi-sales-mtd]', { timeout: 120_000 });
    const live = Date.now() - started;
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=deck][data-drawn=true]').length === 2, undefined, { timeout: 120_000 });
    const maps = Date.now() - started;
    await page.waitForTimeout(3000);
    const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
    results.push({ live, maps, longest: Math.round(Math.max(0, ...long)), longTotal: Math.round(long.reduce((a, b) => a + b, 0)), sockets });
    await context.close();
  }
} finally {
  await browser.close();
  await t.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
}
console.table(results);
