// Debian's Chromium driven by playwright-core (no browser download). Without it the browser suites
// are skipped with the reason, unless TORCH_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
