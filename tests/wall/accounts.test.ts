/// <reference lib="dom" />
// The accounts page in a real browser at 1920×1080 against a real gateway (issue 13, point 7): an
// administrator signs in, is told in Chinese why a weak first password is refused, creates an
// official with the display name 王主任, and disables it — after which that official's access
// token is refused and their socket is closed. Screenshot: tests/artifacts/accounts-1920x1080.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { byName, launch, openPage, requireBrowser } from '../helpers/browser.ts';
import { ADMIN_PASSWORD, type TestGateway, connectClient, startGateway } from '../helpers/gateway.ts';

const ready = (await requireRedis('accounts page in a browser')) && requireBrowser('accounts page in a browser');
const ARTIFACTS = 'tests/artifacts';

describe.skipIf(!ready)('the accounts page', () => {
  const prefix = testPrefix('accounts-ui');
  const redis = connect();
  let t: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (needsBuild()) await buildFrontend();
    t = await startGateway(prefix, { env: { SERVE_FRONTEND: 'true' } });
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('an admin creates 王主任 and disables the account: its token and socket are ended', async () => {
    const { page, errors, foreign } = await openPage(browser, byName(t.url), `${byName(t.url)}/accounts`, { viewport: { width: 1920, height: 1080 } });
    await page.waitForSelector('#username');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=accounts-page]');
    expect(new URL(page.url()).pathname).toBe('/accounts');
    await page.waitForSelector('[data-testid=account-row][data-username=admin]');

    // create, first with a password the rule refuses: the reason in the page's language
    await page.click('[data-testid=account-new]');
    await page.fill('[data-testid=new-username]', 'wang.official');
    await page.fill('[data-testid=new-display-name]', '王主任');
    await page.selectOption('[data-testid=new-role]', 'official');
    await page.fill('[data-testid=new-password]', 'aaaaaaaaaa');
    await page.click('[data-testid=new-submit]');
    expect(await page.textContent('[data-testid=account-new-form] [role=alert]')).toContain('密码至少 12 个字符');
    await page.fill('[data-testid=new-password]', 'wang.official-2024');
    await page.click('[data-testid=new-submit]');
    expect(await page.textContent('[data-testid=account-new-form] [role=alert]')).toContain('密码不能包含用户名');
    const password = 'correct horse battery staple';
    await page.fill('[data-testid=new-password]', password);
    await page.click('[data-testid=new-submit]');
    const row = '[data-testid=account-row][data-username="wang.official"]';
    await page.waitForSelector(row);
    expect(await page.textContent(`${row} .display-name`)).toBe('王主任');
    expect(await page.getAttribute(row, 'data-disabled')).toBe('false');

    // 王主任 signs in elsewhere and has a live socket
    const wang = await t.login('wang.official', password);
    expect(wang.displayName).toBe('王主任');
    const socket = connectClient(t.url, () => ({ token: wang.accessToken }));
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('hello', () => resolve());
        socket.once('connect_error', reject);
      });
      const ended = new Promise<string>((resolve) => socket.once('session_ended', (m) => resolve(m.reason)));

      await page.click(`${row} [data-testid=account-disable]`);
      await page.waitForSelector(`${row}[data-disabled=true]`);
      expect(await page.textContent(`${row} [data-testid=account-state]`)).toBe('已停用');
      expect(await ended).toBe('revoked');
      expect((await t.get('/api/auth/me', wang.accessToken)).status).toBe(401);
      // the admin cannot disable or delete their own account from the page
      expect(await page.isDisabled('[data-testid=account-row][data-username=admin] [data-testid=account-disable]')).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}/accounts-1920x1080.png` });
    } finally {
      socket.close();
    }
    // the page fits the wall-sized screen without a horizontal scrollbar
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
