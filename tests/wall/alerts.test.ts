/// <reference lib="dom" />
// Alerts end to end in a real browser against a real gateway: a big declaration fires a critical
// alert; the wall shows it in the banner and on its park; an official signs in through the login
// form, opens it in the console and acknowledges it; the wall shows it acknowledged within 2 s.
// Then the 409 path: someone else acknowledges first, and the console says so and reloads.
// Screenshots land in tests/artifacts/ beside the wall's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { type WatchedPage, byName, launch, openPage, requireBrowser, mapsDrawn } from '../helpers/browser.ts';
import { type TestGateway, passwordFor, settled, startGateway } from '../helpers/gateway.ts';
import { TEST_RULES, raiseBigDeclaration, writeRulesFile } from '../helpers/alerts.ts';

const ready = (await requireRedis('alerts in a browser')) && requireBrowser('alerts in a browser');
const ARTIFACTS = 'tests/artifacts';
const HOUR = 3_600_000;

describe.skipIf(!ready)('alerts on the wall and in the console', () => {
  const prefix = testPrefix('alerts-ui');
  const redis = connect();
  let t: TestGateway;
  let browser: Browser;
  let wallUrl: string;
  const rulesFile = writeRulesFile();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (needsBuild()) await buildFrontend();
    // History that ends two hours ago: old enough that no backfilled declaration is still within
    // the test rule's 30-minute hold when alerting starts, so the only alerts are the test's own.
    const to = Date.now() - 2 * HOUR;
    await backfill({ redis, keys: keyLayout(prefix), seed: 33, from: to - 2 * 86_400_000, to });
    t = await startGateway(prefix, { env: { SERVE_FRONTEND: 'true', DELTA_HZ: '4', ALERT_RULES_FILE: rulesFile } });
    await settled(t);
    wallUrl = `${byName(t.url)}/wall?token=${encodeURIComponent(await t.displayToken())}`;
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  const open = (url: string, width: number, height: number): Promise<WatchedPage> => openPage(browser, byName(t.url), url, { viewport: { width, height } });


  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.waitForSelector('#username');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=console]');
    expect(new URL(page.url()).pathname).toBe('/alerts');
  }

  const countOf = (page: Page, park: string) => page.getAttribute(`[data-testid=park-alert-count-${park}]`, 'data-count');

  it('fires on the wall, is acknowledged in the console, and the wall shows it acknowledged within 2 s', async () => {
    expect((await t.get('/api/alerts?status=open', (await t.login()).accessToken)).body.items).toEqual([]);
    const wall = await open(wallUrl, 1920, 1080);
    await wall.page.waitForSelector('[data-testid=kpi-sales-mtd]', { timeout: 30_000 });
    await mapsDrawn(wall.page); // they mount after the figures; timed checks start once they have drawn
    expect(await wall.page.getAttribute('[data-testid=alert-banner]', 'data-count')).toBe('0');
    expect(await countOf(wall.page, 'hubian-park')).toBe('0');

    const { eventId } = await raiseBigDeclaration(redis, prefix);
    const item = await wall.page.waitForSelector('[data-testid=alert-banner-item][data-status=firing]', { timeout: 15_000 });
    const id = (await item.getAttribute('data-alert-id'))!;
    expect(id).toContain('big-declaration');
    expect(id).toContain('park=hubian-park');
    const text = await item.textContent();
    expect(text).toContain('单笔报关超过1000万美元');
    expect(text).toContain('湖边科创园');
    expect(text).toContain('2,500.00万美元');
    expect(text).toContain('1,000.00万美元');
    expect(await countOf(wall.page, 'hubian-park')).toBe('1');
    expect(await wall.page.getAttribute('[data-testid=park-alert-hubian-park]', 'class')).toContain('urgent');
    await mapsDrawn(wall.page);
    await wall.page.screenshot({ path: `${ARTIFACTS}/alerts-wall-firing-1920x1080.png` });

    // The same banner on a 4K wall: the same place at twice the size.
    const big = await open(wallUrl, 3840, 2160);
    await mapsDrawn(big.page);
    await big.page.waitForSelector(`[data-testid=alert-banner-item][data-alert-id="${id}"]`, { timeout: 30_000 });
    // Measure once both pages have their fonts (text laid out in a fallback font has other widths)
    // and the banner's entrance is over (it slides in by 0.6rem: 19.2 px at 4K, mid-animation).
    const settle = (p: Page) => p.evaluate(async () => {
      await document.fonts.ready;
      await Promise.all(document.getAnimations().filter((x) => x.effect?.getTiming().iterations !== Infinity).map((x) => x.finished.catch(() => null)));
      return true;
    });
    await Promise.all([settle(wall.page), settle(big.page)]);
    const [a, b] = [(await wall.page.locator('[data-testid=alert-banner-item]').boundingBox())!, (await big.page.locator('[data-testid=alert-banner-item]').boundingBox())!];
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(b[k] - 2 * a[k])).toBeLessThanOrEqual(4);
    await mapsDrawn(big.page);
    await big.page.screenshot({ path: `${ARTIFACTS}/alerts-wall-firing-3840x2160.png` });
    expect(big.errors).toEqual([]);
    await big.page.close();

    // An official, through the real login form, sent back to the console.
    await t.user('official', 'duty-official');
    const desk = await open(`${byName(t.url)}/alerts`, 1366, 1024);
    await signIn(desk.page, 'duty-official', passwordFor('duty-official'));
    await desk.page.click(`[data-testid=alert-row][data-alert-id="${id}"]`);
    const detail = desk.page.locator(`[data-testid=alert-detail][data-alert-id="${id}"][data-status=firing]`);
    await detail.waitFor();
    expect(await desk.page.textContent('[data-testid=detail-condition]')).toContain('1,000.00万美元');
    expect(await desk.page.textContent('[data-testid=detail-facts]')).toContain(eventId);
    await desk.page.waitForSelector('[data-testid=context-chart] svg', { timeout: 10_000 });
    await desk.page.fill('[data-testid=ack-comment]', '已联系企业核实，属正常大额出口');
    await desk.page.screenshot({ path: `${ARTIFACTS}/alerts-console-firing.png` });

    const clicked = Date.now();
    await desk.page.click('[data-testid=ack-submit]');
    await wall.page.waitForSelector(`[data-testid=alert-banner-item][data-alert-id="${id}"][data-status=acknowledged]`, { timeout: 2000 });
    await wall.page.waitForFunction(() => document.querySelector('[data-testid=park-alert-count-hubian-park]')?.getAttribute('data-count') === '0', undefined, { timeout: 2000 });
    expect(Date.now() - clicked).toBeLessThan(2000);
    // A kiosk is told the role that acknowledged, never the person (tests/backend/displayScope.test.ts).
    expect(await wall.page.textContent('[data-testid=alert-banner-item]')).toContain('值班领导');
    expect(await wall.page.textContent('[data-testid=alert-banner-item]')).not.toContain('duty-official');

    // The console shows who acknowledged it and keeps it in the audit trail.
    await desk.page.waitForSelector(`[data-testid=alert-detail][data-alert-id="${id}"][data-status=acknowledged]`);
    expect(await desk.page.textContent('[data-testid=detail-acked]')).toContain('已联系企业核实');
    await desk.page.waitForSelector('[data-testid=audit-list] [data-action=ack]');
    await desk.page.waitForSelector(`[data-testid=alert-row][data-alert-id="${id}"][data-status=acknowledged]`);
    await desk.page.screenshot({ path: `${ARTIFACTS}/alerts-console-acknowledged.png` });
    await wall.page.screenshot({ path: `${ARTIFACTS}/alerts-wall-acknowledged-1920x1080.png` });

    expect(wall.errors).toEqual([]);
    expect(desk.errors).toEqual([]);
    expect([...wall.foreign, ...desk.foreign]).toEqual([]);
    await wall.page.close();
    await desk.page.close();
  }, 120_000);

  it('opens an alert from a link, and says so when someone else acknowledged it first (409), in English', async () => {
    await raiseBigDeclaration(redis, prefix, 'torch-park');
    const admin = (await t.login()).accessToken;
    let id = '';
    for (let i = 0; i < 75 && !id; i++) {
      const open = (await t.get('/api/alerts?status=firing&park=torch-park', admin)).body.items as { id: string }[];
      id = open[0]?.id ?? '';
      if (!id) await new Promise((r) => setTimeout(r, 200));
    }
    expect(id).not.toBe('');

    await t.user('official', 'second-official');
    const desk = await open(`${byName(t.url)}/alerts?id=${encodeURIComponent(id)}&lang=en`, 1024, 768);
    await signIn(desk.page, 'second-official', passwordFor('second-official'));
    await desk.page.waitForSelector(`[data-testid=alert-detail][data-alert-id="${id}"][data-status=firing]`);
    expect(await desk.page.textContent('[data-testid=detail-title]')).toBe('Declaration over USD 10 million');

    // Someone else acknowledges the version this page is showing, just before this page's request
    // reaches the gateway (held back until theirs is in).
    const other = await t.user('official', 'first-official');
    let theirs = 0;
    await desk.page.route('**/api/alerts/*/ack', async (route) => {
      theirs = (await t.post(`/api/alerts/${encodeURIComponent(id)}/ack`, { version: 1, comment: 'on it' }, other.accessToken)).status;
      await route.continue();
    });
    await desk.page.fill('[data-testid=ack-comment]', 'me too');
    await desk.page.click('[data-testid=ack-submit]');
    const notice = await desk.page.waitForSelector('[data-testid=detail-notice]');
    expect(theirs).toBe(200);
    expect(await notice.textContent()).toContain('Someone else changed this alert');
    await desk.page.waitForSelector(`[data-testid=alert-detail][data-alert-id="${id}"][data-status=acknowledged]`);
    expect(await desk.page.textContent('[data-testid=detail-acked]')).toContain('first-official');
    await desk.page.screenshot({ path: `${ARTIFACTS}/alerts-console-conflict-en-1024x768.png` });
    // The browser logs the refused request itself; nothing else may go wrong.
    expect(desk.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await desk.page.close();
  }, 60_000);

  it('silences an alert from the console (the wall stops showing it), ends the silence early, and shows a refused rules file', async () => {
    const admin = (await t.login()).accessToken;
    const torch = (await t.get('/api/alerts?status=open&park=torch-park', admin)).body.items as { id: string }[];
    expect(torch).toHaveLength(1);
    const id = torch[0]!.id;
    const wall = await open(wallUrl, 1920, 1080);
    await wall.page.waitForSelector('[data-testid=park-alert-torch-park]', { timeout: 30_000 });
    await mapsDrawn(wall.page);

    await t.user('official', 'silencing-official');
    const desk = await open(`${byName(t.url)}/alerts?id=${encodeURIComponent(id)}`, 1366, 1024);
    await signIn(desk.page, 'silencing-official', passwordFor('silencing-official'));
    await desk.page.click('[data-testid=silence-from-alert]');
    expect(await desk.page.inputValue('[data-testid=silence-rule]')).toBe('big-declaration');
    expect(await desk.page.inputValue('[data-testid=silence-park]')).toBe('torch-park');
    await desk.page.click('[data-testid=silence-hours-1]');
    await desk.page.fill('[data-testid=silence-reason]', '海关系统例行维护，已知问题');
    await desk.page.screenshot({ path: `${ARTIFACTS}/alerts-console-silence-form.png` });
    await desk.page.click('[data-testid=silence-submit]');
    await desk.page.waitForSelector(`[data-testid=alert-detail][data-alert-id="${id}"] [data-testid=silenced-chip]`);
    // Silenced alerts are hidden from walls.
    await wall.page.waitForSelector('[data-testid=park-alert-torch-park]', { state: 'detached', timeout: 5000 });

    await desk.page.click('[data-testid=tab-silences]');
    await desk.page.waitForSelector('[data-testid=silence-item][data-phase=active]');
    await desk.page.screenshot({ path: `${ARTIFACTS}/alerts-console-silences.png` });
    await desk.page.click('[data-testid=silence-end]');
    await desk.page.click('[data-testid=silence-end-confirm]');
    await desk.page.waitForSelector('[data-testid=silence-item][data-phase=ended]');
    await wall.page.waitForSelector('[data-testid=park-alert-torch-park]', { timeout: 5000 });

    // CSV of the current filter, fetched with the session's token and saved as a file.
    await desk.page.click('[data-testid=tab-alerts]');
    await desk.page.click('[data-testid=filter-status-all]');
    await desk.page.waitForSelector('[data-testid=alert-row] >> nth=1');
    const [download] = await Promise.all([desk.page.waitForEvent('download'), desk.page.click('[data-testid=export-csv]')]);
    expect(download.suggestedFilename()).toMatch(/^alerts-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toContain('id,rule,name,severity,status');
    expect(csv).toContain(id);

    await desk.page.click('[data-testid=tab-audit]');
    await desk.page.waitForSelector('[data-testid=audit-list] [data-action=silence-expire]');
    await desk.page.screenshot({ path: `${ARTIFACTS}/alerts-console-audit.png` });

    // A broken edit of the rules file is refused; the console says so first, in red.
    writeFileSync(rulesFile, TEST_RULES.replace('above: 10000000', 'above: -5'));
    for (let i = 0; i < 100; i++) {
      if ((await t.get('/api/alerts/rules', admin)).body.status.errors) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await desk.page.click('[data-testid=tab-rules]');
    await desk.page.waitForSelector('[data-testid=rules-errors]');
    expect(await desk.page.textContent('[data-testid=rules-errors]')).toContain('big-declaration');
    expect(await desk.page.locator('[data-testid=rule-item]').count()).toBe(1);
    await desk.page.screenshot({ path: `${ARTIFACTS}/alerts-console-rules-refused.png` });
    writeFileSync(rulesFile, TEST_RULES);

    expect(wall.errors).toEqual([]);
    expect(desk.errors).toEqual([]);
    await wall.page.close();
    await desk.page.close();
  }, 90_000);
});
