// Debian's Chromium driven by playwright-core (no browser download). Without it the browser suites
// are skipped with the reason, unless TORCH_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
//
// The suites open the center by a host name, never by 127.0.0.1: Chromium treats loopback as a
// secure origin and exempts it from rules that bite on a real network (a CSP's
// upgrade-insecure-requests, secure-context-only APIs). launch() maps WALL_HOST to 127.0.0.1 inside
// the browser, so the traffic stays on this machine; byName() turns a gateway's address into it.
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, type Page, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The name walls use in the browser suites; only Chromium resolves it (to 127.0.0.1). */
export const WALL_HOST = 'wall.test';

export function requireBrowser(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const why = `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium)`;
  if (process.env.TORCH_REQUIRE_BROWSER === '1') throw new Error(`${suite}: ${why}, and TORCH_REQUIRE_BROWSER=1 forbids skipping`);
  console.warn(`SKIPPED ${suite}: ${why}. CI installs it and sets TORCH_REQUIRE_BROWSER=1.`);
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Software WebGL (SwiftShader) for deck.gl on machines without a GPU; WALL_HOST resolves to
    // loopback in this browser only.
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage',
      `--host-resolver-rules=MAP ${WALL_HOST} 127.0.0.1`,
    ],
  });
}

/** http://127.0.0.1:PORT/path → http://wall.test:PORT/path: the gateway as a wall on the LAN reaches it. */
export function byName(url: string): string {
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error(`byName: ${url} is not a loopback address`);
  return url.replace(u.host, u.port ? `${WALL_HOST}:${u.port}` : WALL_HOST);
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions, and every console message about the Content Security Policy. */
  errors: string[];
  /** Requests to any origin but the center's (the center is air-gapped; an https upgrade counts too). */
  foreign: string[];
}

/**
 * A new page at `url`, recording console errors and requests that leave `centerUrl`'s origin;
 * `prepare` runs before it navigates (to attach listeners of a suite's own).
 */
export async function openPage(browser: Browser, centerUrl: string, url: string, options: BrowserContextOptions = {}, prepare?: (page: Page) => void): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, ...options });
  prepare?.(page);
  const origin = new URL(centerUrl).origin;
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => (m.type() === 'error' || /Content Security Policy/i.test(m.text())) && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin) foreign.push(u);
  });
  await page.goto(url);
  return { page, errors, foreign };
}

/** Wait until every deck.gl canvas of the page has drawn (they mount after the figures; see mapGate.tsx). */
export async function mapsDrawn(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => {
    const decks = [...document.querySelectorAll('[data-testid=deck]')];
    return decks.length > 0 && decks.every((d) => d.getAttribute('data-drawn') === 'true');
  }, undefined, { timeout });
}
