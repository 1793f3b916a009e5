/// <reference lib="dom" />
// The wall in a real browser against a real gateway: both wall sizes, no console errors, no request
// leaving the host, numbers equal to the REST snapshot, live updates within 2 s, and recovery after
// a gateway restart. Screenshots land in tests/artifacts/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { EVENT_SCHEMA_VERSION, keyLayout, type MetricsView } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { type WatchedPage, byName, launch, openPage, requireBrowser, mapsDrawn } from '../helpers/browser.ts';
import { type TestGateway, settled, startGateway } from '../helpers/gateway.ts';
import { freePort } from '../helpers/processes.ts';

const ready = (await requireRedis('wall in a browser')) && requireBrowser('wall in a browser');
const ARTIFACTS = 'tests/artifacts';
const KPIS = ['sales', 'tax', 'exports', 'imports', 'netEstablished'] as const;

describe.skipIf(!ready)('the wall', () => {
  const prefix = testPrefix('wall');
  const redis = connect();
  let port: number;
  let t: TestGateway;
  let browser: Browser;
  let wallUrl: string;
  let token: string;

  const start = async () => {
    t = await startGateway(prefix, { env: { PORT: String(port), SERVE_FRONTEND: 'true', DELTA_HZ: '4' } });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (needsBuild()) await buildFrontend();
    const to = Date.now() - 60_000;
    await backfill({ redis, keys: keyLayout(prefix), seed: 21, from: to - 3 * 86_400_000, to });
    port = await freePort();
    await start();
    await settled(t);
    token = (await t.login()).accessToken;
    const display = await t.post('/api/display-tokens', { name: 'browser test' }, token);
    wallUrl = `${byName(t.url)}${display.body.url}`;
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  async function open(width: number, height: number, extra = ''): Promise<WatchedPage> {
    const watched = await openPage(browser, byName(t.url), wallUrl + extra, { viewport: { width, height } });
    await watched.page.waitForSelector('[data-testid=kpi-sales-mtd]', { timeout: 30_000 });
    // The maps mount after the figures and hold the page while they first draw (software WebGL):
    // timed checks start once they have.
    await mapsDrawn(watched.page);
    return watched;
  }


  async function kpiValues(page: Page): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const k of KPIS) {
      for (const period of ['today', 'mtd', 'ytd']) {
        out[`${k}.${period}`] = Number(await page.getAttribute(`[data-testid=kpi-${k}-${period}]`, 'data-value'));
      }
    }
    return out;
  }

  async function restValues(): Promise<Record<string, number>> {
    const view = (await t.get('/api/metrics', token)).body as MetricsView;
    const out: Record<string, number> = {};
    for (const k of KPIS) for (const period of ['today', 'mtd', 'ytd'] as const) out[`${k}.${period}`] = view.metrics.zone[k][period];
    return out;
  }

  it('at 1920×1080 and 3840×2160: same layout scaled, figures equal the REST snapshot, nothing leaves the host', async () => {
    const boxes: Record<string, { x: number; y: number; width: number; height: number }>[] = [];
    for (const [w, h] of [[1920, 1080], [3840, 2160]] as const) {
      const { page, errors, foreign } = await open(w, h);
      await mapsDrawn(page);
      expect(await kpiValues(page)).toEqual(await restValues());
      const b: Record<string, { x: number; y: number; width: number; height: number }> = {};
      for (const id of ['kpi-sales', 'panel-map', 'panel-ranking', 'panel-feeds', 'panel-ticker']) b[id] = (await page.locator(`[data-testid=${id}]`).boundingBox())!;
      boxes.push(b);
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}/wall-${w}x${h}.png` });
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await page.close();
    }
    // No reflow: every panel sits at twice the position and size on the 4K wall.
    for (const id of Object.keys(boxes[0]!)) {
      const [a, b] = [boxes[0]![id]!, boxes[1]![id]!];
      for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(b[k] - 2 * a[k])).toBeLessThanOrEqual(3);
    }
  }, 120_000);

  it('shows new events within 2 s, then stale during a gateway restart and live again by itself', async () => {
    const { page, errors } = await open(1920, 1080, '&lang=en');
    const before = Number(await page.getAttribute('[data-testid=kpi-sales-mtd]', 'data-value'));
    const event = {
      id: `browser-${Date.now()}`, ts: Date.now() - 1000, kind: 'tax.invoice', parkId: 'torch-park', uscc: '91350200MA2Y3K4P2Q',
      name: '厦门测试电子有限公司', amount: 123_456_789, chain: 'computer-comm',
    };
    // The page notes when the figure changed (a MutationObserver, on the page's own clock, which is
    // the machine's): polling from the test would add its own delay on a busy software-GL page.
    await page.evaluate((b) => {
      const w = window as unknown as { __shownAt: number };
      w.__shownAt = 0;
      new MutationObserver(() => {
        const v = Number(document.querySelector('[data-testid=kpi-sales-mtd]')?.getAttribute('data-value'));
        if (!w.__shownAt && v !== b) w.__shownAt = Date.now();
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-value'], childList: true });
    }, before);
    const written = Date.now();
    await redis.xadd(keyLayout(prefix).stream.tax, '*', 'v', String(EVENT_SCHEMA_VERSION), 'e', JSON.stringify(event));
    await page.waitForFunction(() => (window as unknown as { __shownAt: number }).__shownAt > 0, undefined, { timeout: 10_000, polling: 100 });
    const shownAt = await page.evaluate(() => (window as unknown as { __shownAt: number }).__shownAt);
    expect(shownAt - written).toBeLessThan(2000);
    expect(Number(await page.getAttribute('[data-testid=kpi-sales-mtd]', 'data-value'))).toBe(before + 123_456_789);
    await page.screenshot({ path: `${ARTIFACTS}/wall-1920x1080-en.png` });

    await t.stop();
    await page.waitForSelector('[data-testid=connection][data-status=stale]', { timeout: 15_000 });
    // The last good figures stay on screen, marked stale.
    expect(Number(await page.getAttribute('[data-testid=kpi-sales-mtd]', 'data-value'))).toBe(before + 123_456_789);
    await page.screenshot({ path: `${ARTIFACTS}/wall-stale.png` });
    await start();
    await page.waitForSelector('[data-testid=connection][data-status=live]', { timeout: 30_000 });
    expect(await kpiValues(page)).toEqual(await restValues());
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  }, 120_000);
});
