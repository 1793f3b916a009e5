/// <reference lib="dom" />
// Legibility of the wall from five metres (issue 12, points 10 and 11), in a real browser against a
// real gateway with three days of history: at 1920×1080 and 3840×2160, in Chinese and English,
// (a) no text below 18 px at 1080p (chart axis ticks 16 px; the watermark, marked
// data-legibility="exempt", is exempt), every text exactly twice its 1080p size at 4K; the maps'
// names are page text (MapNames, ParkLabels) and the canvases draw no text (DeckCanvas lists its
// layers in data-layers), so nothing escapes the measure;
// (b) no text leaves its panel, is cut by an ellipsis or a clipping box, or wraps onto a second
// line, and no panel leaves the stage. English is measured with a critical alert open, so the
// banner and the park rings are measured too. At 1920×1080 in English (the longest names) the focus
// carousel runs at one park a second and the page is measured once a second for seven seconds, so
// every park's full name passes through the focus card.
// Screenshots: tests/artifacts/legibility-<size>-<lang>.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { byName, launch, mapsDrawn, openPage, requireBrowser } from '../helpers/browser.ts';
import { type TestGateway, settled, startGateway } from '../helpers/gateway.ts';
import { raiseBigDeclaration, writeRulesFile } from '../helpers/alerts.ts';
import { type Measure, measure, overflowing, tooSmall } from '../helpers/legibility.ts';

const ready = (await requireRedis('wall legibility')) && requireBrowser('wall legibility');
const ARTIFACTS = 'tests/artifacts';
const SIZES = [[1920, 1080], [3840, 2160]] as const;
// The test's own alert: a declaration of USD 25 million. Held five minutes of log time: a backfilled
// declaration from the last minutes may show as well, which only adds text to measure.
const RULES = `version: 1
rules:
  - id: big-declaration
    name: { zh: 单笔报关超过1000万美元, en: Declaration over USD 10 million }
    kind: large-event
    severity: critical
    event: customs.declaration
    field: valueUsd
    above: 10000000
    hold: 5
`;

describe.skipIf(!ready)('wall legibility', () => {
  const prefix = testPrefix('legibility');
  const redis = connect();
  let t: TestGateway;
  let browser: Browser;
  let wallUrl: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (needsBuild()) await buildFrontend();
    const to = Date.now() - 60_000;
    await backfill({ redis, keys: keyLayout(prefix), seed: 21, from: to - 3 * 86_400_000, to });
    t = await startGateway(prefix, { env: { SERVE_FRONTEND: 'true', DELTA_HZ: '4', ALERT_RULES_FILE: writeRulesFile(RULES) } });
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

  /** Open the wall, let deck.gl draw, measure it `snapshots` times a second apart, screenshot it. */
  async function look(width: number, height: number, lang: 'zh' | 'en', snapshots: number): Promise<{ shots: Measure[]; deckLayers: string[]; errors: string[] }> {
    const carousel = snapshots > 1 ? '&carousel=1' : '&carousel=0';
    const { page, errors } = await openPage(browser, byName(t.url), `${wallUrl}${carousel}${lang === 'en' ? '&lang=en' : ''}`, { viewport: { width, height } });
    await page.waitForSelector('[data-testid=kpi-sales-mtd]', { timeout: 60_000 });
    if (lang === 'en') await page.waitForSelector('[data-testid=alert-banner-item]', { timeout: 30_000 });
    await mapsDrawn(page);
    await page.waitForTimeout(1000); // the banner's entrance ends
    const shots: Measure[] = [];
    for (let i = 0; i < snapshots; i++) {
      if (i > 0) await page.waitForTimeout(1000);
      shots.push(await measure(page));
    }
    await page.screenshot({ path: `${ARTIFACTS}/legibility-${width}x${height}-${lang}.png` });
    const deckLayers = await page.evaluate(() => Array.from(document.querySelectorAll('[data-testid=deck]')).flatMap((e) => e.getAttribute('data-layers')!.split(',')));
    await page.close();
    return { shots, deckLayers, errors };
  }

  it('at both sizes and in both languages: text of 18 px or more at 1080p, exactly twice at 4K, and inside its panel', async () => {
    const problems: string[] = [];
    const counts: string[] = [];
    for (const lang of ['zh', 'en'] as const) {
      if (lang === 'en') await raiseBigDeclaration(redis, prefix, 'hubian-park');
      const bySize: { rem: number; sizes: Map<string, Set<number>> }[] = [];
      for (const [w, h] of SIZES) {
        const { shots, deckLayers, errors } = await look(w, h, lang, lang === 'en' && w === 1920 ? 7 : 1);
        const where = `${w}×${h} ${lang}`;
        const small = new Set(shots.flatMap(tooSmall));
        const over = new Set(shots.flatMap(overflowing));
        const rem = shots[0]!.rem;
        counts.push(`${where}: ${shots[0]!.texts.length} texts, ${tooSmall(shots[0]!).length} too small, ${overflowing(shots[0]!).length} overflowing`);
        for (const s of small) problems.push(`${where} too small: ${s}`);
        for (const o of over) problems.push(`${where} overflows: ${o}`);
        // Only what moves with the figures is WebGL: text there escapes this measure, and ground or
        // text layers cost a GPU-less wall seconds of shader compiling and font-atlas building.
        for (const l of deckLayers) if (!/^(ScatterplotLayer|ArcLayer):/.test(l)) problems.push(`${where}: ${l} drawn in a deck.gl canvas (only markers and arcs belong there)`);
        if (deckLayers.length === 0) problems.push(`${where}: no deck.gl layers found (data-layers)`);
        // The names on both maps (six districts, five trade regions) are measured as page text.
        const mapNames = shots[0]!.texts.filter((x) => x.key.includes('map-name')).length;
        if (mapNames < 11) problems.push(`${where}: ${mapNames} map names measured as page text, want 11`);
        for (const e of errors) problems.push(`${where} console error: ${e}`);
        const sizes = new Map<string, Set<number>>();
        for (const m of shots) for (const x of m.texts) sizes.set(x.key, (sizes.get(x.key) ?? new Set()).add(Math.round(x.fontSize * 100) / 100));
        bySize.push({ rem, sizes });
      }
      // 4K is the same page at twice the pixels: every text, class by class, twice the 1080p size.
      const [hd, uhd] = bySize as [(typeof bySize)[0], (typeof bySize)[0]];
      expect(uhd.rem).toBe(2 * hd.rem);
      for (const [key, a] of hd.sizes) {
        const b = uhd.sizes.get(key);
        const want = [...a].map((x) => Math.round(2 * x * 100) / 100).sort();
        if (b && JSON.stringify([...b].sort()) !== JSON.stringify(want)) problems.push(`${lang} not twice at 4K: ${[...a].join('/')} px → ${[...b].join('/')} px (${key})`);
      }
    }
    console.log(`legibility:\n  ${counts.join('\n  ')}`);
    expect(problems, `${problems.length} problems:\n${problems.join('\n')}`).toEqual([]);
  }, 240_000);
});
