// Debian's Chromium driven by playwright-core (no browser download). Without it the browser suites
// are skipped with the reason, unless TORCH_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, type Page, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
    // Software WebGL (SwiftShader) for deck.gl on machines without a GPU.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests to any host but the gateway (the center is air-gapped). */
  foreign: string[];
}

/** A new page at `url`, recording console errors and requests that leave the gateway's host. */
export async function openPage(browser: Browser, gatewayUrl: string, url: string, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, ...options });
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(gatewayUrl) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  await page.goto(url);
  return { page, errors, foreign };
}
