/// <reference lib="dom" />
// The wall's connection as a control room lives it: a person signed in with short-lived access
// tokens keeps a live wall across several expiries; a gateway outage is unmistakable on screen
// (a band in the header with since when and how old the figures are, dimmed figures, a badge, feeds
// "unknown", then "disconnected" after the grace); back up, the wall is live within 2 s of its
// socket reconnecting even when nothing changed meanwhile (a quiet night).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { byName, launch, mapsDrawn, openPage, requireBrowser } from '../helpers/browser.ts';
import { type TestGateway, settled, startGateway } from '../helpers/gateway.ts';
import { freePort } from '../helpers/processes.ts';

const ready = (await requireRedis('wall connection in a browser')) && requireBrowser('wall connection in a browser');
const ARTIFACTS = 'tests/artifacts';
const TTL_SECONDS = 60;

const statusOf = (page: Page) => page.getAttribute('[data-testid=wall]', 'data-status');

describe.skipIf(!ready)('the wall connection', () => {
  const prefix = testPrefix('wall-conn');
  const redis = connect();
  let port: number;
  let t: TestGateway;
  let browser: Browser;

  const start = async () => {
    t = await startGateway(prefix, { env: { PORT: String(port), SERVE_FRONTEND: 'true', DELTA_HZ: '4', ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) } });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (needsBuild()) await buildFrontend();
    const to = Date.now() - 60_000;
    await backfill({ redis, keys: keyLayout(prefix), seed: 23, from: to - 2 * 86_400_000, to });
    port = await freePort();
    await start();
    await settled(t);
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it(`a signed-in wall stays live across several ${TTL_SECONDS} s access tokens`, async () => {
    const session = await t.login();
    const center = byName(t.url);
    const { page, errors } = await openPage(browser, center, `${center}/login`);
    // Signed in as a person (not a kiosk link): the session sits in the page's storage.
    await page.evaluate((s) => localStorage.setItem('torch.session', JSON.stringify(s)), session);
    await page.goto(`${center}/wall`);
    await page.waitForSelector('[data-testid=wall][data-status=live]', { timeout: 30_000 });
    // Sample the status every second for two and a bit token lifetimes: never anything but live.
    const seen = new Set<string>();
    const until = Date.now() + (2 * TTL_SECONDS + 15) * 1000;
    while (Date.now() < until) {
      seen.add((await statusOf(page)) ?? 'none');
      await page.waitForTimeout(1000);
    }
    expect([...seen]).toEqual(['live']);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('a gateway outage is unmistakable; back up, live within 2 s of reconnecting with nothing new to send', async () => {
    const display = await t.post('/api/display-tokens', { name: 'connection test' }, (await t.login()).accessToken);
    const { page, errors } = await openPage(browser, byName(t.url), `${byName(t.url)}${display.body.url}`);
    await page.waitForSelector('[data-testid=wall][data-status=live]', { timeout: 30_000 });
    await mapsDrawn(page);
    expect(await page.getAttribute('[data-testid=mode-badge]', 'data-state')).toBe('live');
    expect(await page.$('[data-testid=connection-band]')).toBeNull();
    const before = await page.getAttribute('[data-testid=kpi-sales-mtd]', 'data-value');

    await t.stop();
    const band = await page.waitForSelector('[data-testid=connection-band]', { timeout: 15_000 });
    expect(await band.textContent()).toMatch(/连接中断 · 自 \d{2}:\d{2}:\d{2}/);
    expect(await page.getAttribute('[data-testid=mode-badge]', 'data-state')).toBe('reconnecting');
    // The figures stay, visibly dimmed; the feeds are unknown, not blamed.
    expect(await page.getAttribute('[data-testid=kpi-sales-mtd]', 'data-value')).toBe(before);
    const opacity = await page.evaluate(() => Number(getComputedStyle(document.querySelector('[data-testid=kpi-sales-mtd]')!.closest('.kpi')!).opacity));
    expect(opacity).toBeLessThan(0.6);
    for (const s of ['tax', 'customs', 'registry']) expect(await page.getAttribute(`[data-testid=feed-${s}]`, 'data-status')).toBe('unreachable');
    await page.screenshot({ path: `${ARTIFACTS}/wall-disconnected-1920x1080.png` });
    // Past the grace: disconnected, in red.
    await page.waitForSelector('[data-testid=mode-badge][data-state=down]', { timeout: 40_000 });
    expect(await band.textContent()).toMatch(/画面数据已 \d+ 秒未更新/);

    // Back up with no event written meanwhile: the answer to the resubscription makes it live.
    await start();
    // The next socket the page opens reaches the gateway (those before were refused).
    const opened = await new Promise<number>((resolve) => page.once('websocket', () => resolve(Date.now())));
    await page.waitForSelector('[data-testid=wall][data-status=live]', { timeout: 15_000 });
    expect(Date.now() - opened).toBeLessThan(2000);
    expect(await page.$('[data-testid=connection-band]')).toBeNull();
    expect(await page.getAttribute('[data-testid=mode-badge]', 'data-state')).toBe('live');
    const after = await page.evaluate(() => Number(getComputedStyle(document.querySelector('[data-testid=kpi-sales-mtd]')!.closest('.kpi')!).opacity));
    expect(after).toBe(1);
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  }, 180_000);
});
