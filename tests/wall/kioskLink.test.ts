/// <reference lib="dom" />
// The kiosk link in a real browser, opened by the gateway's host name as a wall on the LAN does:
// after loading, the display token is gone from the address bar (history entry replaced, other
// options kept) and the wall is live; a reload without it is live again; so is a browser that
// restarts with its profile (the token is kept in localStorage under the page's path); a newer
// kiosk link replaces the kept token (the old one is revoked, and the wall still comes back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { byName, launch, requireBrowser } from '../helpers/browser.ts';
import { type TestGateway, settled, startGateway } from '../helpers/gateway.ts';

const ready = (await requireRedis('the kiosk link')) && requireBrowser('the kiosk link');

describe.skipIf(!ready)('the kiosk link', () => {
  const prefix = testPrefix('kiosk');
  const redis = connect();
  let t: TestGateway;
  let browser: Browser;
  let center: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (needsBuild()) await buildFrontend();
    const to = Date.now() - 60_000;
    await backfill({ redis, keys: keyLayout(prefix), seed: 5, from: to - 86_400_000, to });
    t = await startGateway(prefix, { env: { SERVE_FRONTEND: 'true', DELTA_HZ: '4' } });
    await settled(t);
    center = byName(t.url);
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  const context = async (storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) => {
    const c = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...(storageState ? { storageState } : {}) });
    contexts.push(c);
    return c;
  };
  const live = (page: Page) => page.waitForSelector('[data-testid=wall][data-status=live]', { timeout: 60_000 });
  const kioskLink = async (name: string) => {
    const r = await t.post('/api/display-tokens', { name, ttlDays: 1 }, (await t.login()).accessToken);
    expect(r.status).toBe(201);
    return r.body as { token: string; id: string; url: string };
  };

  it('takes the token out of the address after loading, and comes back without it: reload, browser restart, a newer link', async () => {
    const first = await kioskLink('Hall wall');
    const c1 = await context();
    const page = await c1.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${center}${first.url}&lang=en`);
    await live(page);
    const href = await page.evaluate(() => location.href);
    expect(href).not.toContain('token');
    expect(href).not.toContain(first.token);
    expect(href).toBe(`${center}/wall?lang=en`);
    expect(await page.evaluate(() => localStorage.getItem('torch.displayToken:/wall'))).toBe(first.token);
    // The history entry was replaced, not added to: back is the blank page the tab started on, and
    // forward is the address without the token.
    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await page.goForward();
    expect(page.url()).toBe(`${center}/wall?lang=en`);
    await live(page);

    await page.reload();
    await live(page);
    expect(await page.evaluate(() => location.href)).toBe(`${center}/wall?lang=en`);

    // The wall PC's browser restarts with its profile: a fresh context with the same storage.
    const kept = await c1.storageState();
    await c1.close();
    const c2 = await context(kept);
    const restarted = await c2.newPage();
    await restarted.goto(`${center}/wall`);
    await live(restarted);

    // A newer kiosk link for this wall; the old one is revoked. The wall follows the new one.
    const second = await kioskLink('Hall wall (new)');
    expect((await t.del(`/api/display-tokens/${first.id}`, (await t.login()).accessToken)).status).toBe(204);
    await restarted.goto(`${center}${second.url}`);
    await live(restarted);
    expect(await restarted.evaluate(() => location.href)).toBe(`${center}/wall`);
    await restarted.reload();
    await live(restarted);
    expect(await restarted.evaluate(() => localStorage.getItem('torch.displayToken:/wall'))).toBe(second.token);
    expect(errors).toEqual([]);
  }, 180_000);
});
