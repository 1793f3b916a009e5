/// <reference lib="dom" />
// Replay end to end in a real browser against a real gateway. Nine recorded days, then one big
// declaration that fired a critical alert live. An operator signs in through the login form, opens
// a replay of the period around it, jumps to the alert on the timeline, watches the replay raise
// the same alert, exports the period; then back to live closes the session. The same in English
// from a deep link (`?at=`). Screenshots land in tests/artifacts/ beside the wall's.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { type WatchedPage, byName, launch, openPage, requireBrowser, mapsDrawn } from '../helpers/browser.ts';
import { type TestGateway, passwordFor, settled, startGateway } from '../helpers/gateway.ts';
import { changed, declaration, writeEvent, writeRulesFile } from '../helpers/alerts.ts';

const ready = (await requireRedis('replay in a browser')) && requireBrowser('replay in a browser');
const ARTIFACTS = 'tests/artifacts';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Shanghai wall-clock text of an instant, as the page's inputs and clock show it. */
const shanghai = (ts: number) => new Date(ts + 8 * HOUR).toISOString();
const inputValue = (ts: number) => shanghai(ts).slice(0, 16);
const clockText = (ts: number) => shanghai(ts).slice(11, 19);

describe.skipIf(!ready)('replay in the browser', () => {
  const prefix = testPrefix('replay-ui');
  const redis = connect();
  let t: TestGateway;
  let browser: Browser;
  /** The end of the recorded history (the alert comes after it). */
  let end: number;
  let alert: { id: string; firedAt: number };
  const operator = 'duty-operator';
  const password = passwordFor(operator);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (needsBuild()) await buildFrontend();
    // Nine days of history (a replay rebuilds the seven days before its start from the log), ending
    // three hours ago.
    end = Math.floor(Date.now() / MIN) * MIN - 3 * HOUR;
    await backfill({ redis, keys: keyLayout(prefix), seed: 44, from: end - 9 * DAY, to: end });
    // Alerting was switched on at the end of that history; then a USD 25 million declaration
    // arrives, the log's clock passes the minute (the test rule fires), and later passes the rule's
    // 30-minute hold (it resolves). Explicit stream ids put all of it in the past.
    await redis.set(`${prefix}alerts:epoch`, String(end));
    const at = end + 20 * MIN + 7000;
    await writeEvent(redis, prefix, declaration(at - 30_000, 25_000_000), `${at}-0`);
    await writeEvent(redis, prefix, changed(at + MIN - 10_000), `${at + MIN}-0`);
    await writeEvent(redis, prefix, changed(end + 70 * MIN - 10_000), `${end + 70 * MIN}-0`);
    t = await startGateway(prefix, { env: { SERVE_FRONTEND: 'true', DELTA_HZ: '4', ALERT_RULES_FILE: writeRulesFile() } });
    await settled(t, 120_000);
    const fired = (await t.get(`/api/alerts?from=${end}&limit=50`, (await t.login()).accessToken)).body.items as { id: string; firedAt: number; labels: Record<string, string> }[];
    const ours = fired.find((a) => a.id.startsWith('big-declaration') && a.labels.park === 'hubian-park' && a.firedAt > at - MIN && a.firedAt <= at + MIN);
    expect(ours, JSON.stringify(fired)).toBeDefined();
    alert = { id: ours!.id, firedAt: ours!.firedAt };
    await t.user('operator', operator);
    browser = await launch();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  // The officials' browsers ask for Chinese (the date-time fields are echoed in the page's language anyway).
  const open = (url: string, locale = 'zh-CN'): Promise<WatchedPage> => openPage(browser, byName(t.url), url, { acceptDownloads: true, locale });


  const sessions = async () => (await t.get('/api/replay/sessions', (await t.login()).accessToken)).body.items as { id: string; watchers: number; status: string }[];
  const clockOf = async (page: Page) => Number(await page.getAttribute('[data-testid=replay-clock]', 'data-clock'));

  it('an operator signs in, replays the period, jumps to the alert and sees the replay raise it; back to live closes it', async () => {
    const { page, errors, foreign } = await open(`${byName(t.url)}/replay`);
    // Not signed in: the login form, which sends the operator back to the replay.
    await page.waitForSelector('#username');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#username', operator);
    await page.fill('#password', password);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=replay]');
    expect(new URL(page.url()).pathname).toBe('/replay');
    expect(await page.textContent('[data-testid=replay-banner]')).toContain('回放');
    expect(await page.getAttribute('[data-testid=replay-status]', 'data-status')).toBe('none');

    // The period: from half an hour before the history's end to an hour and a half after.
    const from = end - 30 * MIN;
    const to = end + 90 * MIN;
    await page.fill('[data-testid=range-from]', inputValue(from));
    await page.fill('[data-testid=range-to]', inputValue(to));
    await page.click('[data-testid=range-open]');
    await page.waitForSelector('[data-testid=replay-status][data-status=paused]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=replay-wall] [data-testid=kpi-sales-mtd]', { timeout: 30_000 });
    expect(await clockOf(page)).toBe(from);
    expect(await page.textContent('[data-testid=replay-clock]')).toBe(clockText(from));
    // The wall inside runs on the replay clock too.
    expect(await page.textContent('[data-testid=replay-wall] .header .clock .time')).toBe(clockText(from));
    expect(await page.textContent('[data-testid=replay-wall] [data-testid=mode-badge]')).toBe('回放');

    // The alert that fired live is on the timeline, severity coloured, where it happened.
    const marker = page.locator(`[data-testid=timeline-lane-live] [data-testid=timeline-alert][data-alert-id="${alert.id}"]`);
    await marker.waitFor({ timeout: 15_000 });
    expect(await marker.getAttribute('data-severity')).toBe('critical');
    const track = (await page.locator('[data-testid=timeline-surface]').boundingBox())!;
    const dot = (await marker.boundingBox())!;
    const expectedX = track.x + (track.width * (alert.firedAt - from)) / (to - from);
    expect(Math.abs(dot.x + dot.width / 2 - expectedX)).toBeLessThanOrEqual(2);
    expect(Number(await page.getAttribute('[data-testid=timeline-density]', 'data-count'))).toBeGreaterThan(0);
    await mapsDrawn(page);
    await page.screenshot({ path: `${ARTIFACTS}/replay-1920x1080-start.png` });

    // Jump to the alert: a minute before it fired.
    await marker.click();
    await page.waitForFunction((at) => document.querySelector('[data-testid=replay-clock]')?.getAttribute('data-clock') === String(at), alert.firedAt - MIN, { timeout: 10_000 });
    expect(await page.textContent('[data-testid=replay-clock]')).toBe(clockText(alert.firedAt - MIN));
    expect(Number(await page.getAttribute('[data-testid=timeline-playhead]', 'data-at'))).toBe(alert.firedAt - MIN);
    expect(await page.getAttribute('[data-testid=replay-wall] [data-testid=alert-banner]', 'data-count')).toBe('0');

    // Play at 10×: within seconds the replay raises the same alert, on its own lane and on its wall.
    await page.click('[data-testid=speed-10]');
    await page.waitForSelector('[data-testid=speed-10][aria-checked=true]');
    await page.click('[data-testid=control-play]');
    await page.waitForSelector('[data-testid=replay-status][data-status=playing]');
    await page.waitForSelector(`[data-testid=timeline-lane-replay] [data-testid=timeline-alert][data-alert-id="${alert.id}"]`, { timeout: 20_000 });
    const item = await page.waitForSelector(`[data-testid=replay-wall] [data-testid=alert-banner-item][data-alert-id="${alert.id}"]`, { timeout: 5000 });
    expect(await item.textContent()).toContain('2,500.00万美元');
    await page.click('[data-testid=control-pause]');
    await page.waitForSelector('[data-testid=replay-status][data-status=paused]');
    expect(await clockOf(page)).toBeGreaterThanOrEqual(alert.firedAt);
    expect(await page.textContent('[data-testid=replay-banner]')).toContain('10 倍速');
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${ARTIFACTS}/replay-1920x1080-alert.png` });

    // One session, watched by this page.
    expect((await sessions()).map((s) => s.watchers)).toEqual([1]);

    // Export: the period's recorded entries as NDJSON, in log order.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=control-export]')]);
    expect(download.suggestedFilename()).toMatch(/^torch-.*\.ndjson$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { arrival: number });
    let recorded = 0;
    for (const stream of Object.values(keyLayout(prefix).stream)) recorded += (await redis.xrange(stream, String(from), String(to - 1))).length;
    expect(lines).toHaveLength(recorded);
    expect(lines.every((l) => l.arrival >= from && l.arrival < to)).toBe(true);

    // Back to live: the session is closed and the wall shows.
    await page.click('[data-testid=control-live]');
    await page.waitForURL((u) => u.pathname === '/wall');
    await page.waitForSelector('[data-testid=wall]');
    expect(await sessions()).toEqual([]);

    expect(page.viewportSize()).toEqual({ width: 1920, height: 1080 });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  }, 120_000);

  it('a deep link opens the replay at once, in English; ending it closes the session', async () => {
    const { page, errors } = await open(`${byName(t.url)}/login?next=${encodeURIComponent(`/replay?at=${alert.firedAt - 5 * MIN}&lang=en`)}&lang=en`, 'en-US');
    await page.fill('#username', operator);
    await page.fill('#password', password);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=replay-status][data-status=paused]', { timeout: 60_000 });
    expect(await clockOf(page)).toBe(alert.firedAt - 5 * MIN);
    expect(await page.textContent('[data-testid=replay-banner]')).toContain('REPLAY');
    expect(await page.textContent('[data-testid=replay-clock]')).toBe(clockText(alert.firedAt - 5 * MIN));
    await page.waitForSelector(`[data-testid=timeline-lane-live] [data-testid=timeline-alert][data-alert-id="${alert.id}"]`);
    await page.waitForSelector('[data-testid=replay-wall] [data-testid=kpi-sales-mtd]');
    // No scrollbars on a 16:9 screen.
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await mapsDrawn(page);
    await page.screenshot({ path: `${ARTIFACTS}/replay-1920x1080-en.png` });
    expect((await sessions())).toHaveLength(1);

    await page.click('[data-testid=control-close]');
    await page.waitForSelector('[data-testid=replay-notice][data-kind=choose]');
    expect(await sessions()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
