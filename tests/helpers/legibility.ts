/// <reference lib="dom" />
// What a wall page shows as text, measured in the browser: every element with a text node of its
// own (SVG <tspan>/<text> included), its computed font size, and whether its text stays inside its
// box. Used by tests/wall/legibility.test.ts; kept apart so a script can run it on a running wall.
import type { Page } from 'playwright-core';

export interface TextBox {
  text: string;
  /** Class path from the stage, e.g. "section.panel.feeds > div.feed > div.name > span.label". */
  key: string;
  fontSize: number;
  /** 'axis': a chart's tick label; 'exempt': marked data-legibility="exempt" (the watermark). */
  kind: 'text' | 'axis' | 'exempt';
  /** Why its text does not fit, if it does not. */
  problems: string[];
}

export interface Measure {
  /** CSS pixels per rem: 16 at 1920×1080, 32 at 3840×2160. */
  rem: number;
  texts: TextBox[];
  /** Panels (.panel, .kpi) that leave the stage, and page scrollbars. */
  stageProblems: string[];
}

/** Runs in the page: see Measure. */
export function measureText(): Measure {
  const stage = document.querySelector('.stage')!;
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
  const EPS = 0.5;
  const r = (b: DOMRect) => `[${Math.round(b.left)},${Math.round(b.top)} → ${Math.round(b.right)},${Math.round(b.bottom)}]`;
  const inside = (a: DOMRect, b: DOMRect) => a.left >= b.left - EPS && a.top >= b.top - EPS && a.right <= b.right + EPS && a.bottom <= b.bottom + EPS;
  const name = (el: Element) => {
    const cls = typeof el.className === 'string' ? el.className : (el.getAttribute('class') ?? '');
    return el.tagName.toLowerCase() + cls.split(/\s+/).filter((c) => c && !/^(up|down|flat|ok|stale|down|live|show|urgent|calm|critical|warning|info)$/.test(c)).map((c) => `.${c}`).join('');
  };
  const texts: TextBox[] = [];
  for (const el of Array.from(stage.querySelectorAll('*'))) {
    const nodes = Array.from(el.childNodes).filter((n): n is Text => n.nodeType === Node.TEXT_NODE && /\S/.test(n.textContent ?? ''));
    if (nodes.length === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    // The real extent of the text: a Range over its text nodes (not the element's box).
    const lines: DOMRect[] = [];
    for (const n of nodes) {
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const rect of Array.from(range.getClientRects())) if (rect.width > 0 && rect.height > 0) lines.push(rect);
    }
    if (lines.length === 0) continue; // not rendered (display: none somewhere above)
    const box = new DOMRect(
      Math.min(...lines.map((l) => l.left)),
      Math.min(...lines.map((l) => l.top)),
      Math.max(...lines.map((l) => l.right)) - Math.min(...lines.map((l) => l.left)),
      Math.max(...lines.map((l) => l.bottom)) - Math.min(...lines.map((l) => l.top)),
    );
    const fontSize = parseFloat(style.fontSize);
    const kind: TextBox['kind'] = el.closest('[data-legibility=exempt]') ? 'exempt' : el.closest('.recharts-cartesian-axis-tick-label, .recharts-cartesian-axis-tick') ? 'axis' : 'text';
    const problems: string[] = [];
    const panel = el.closest('.panel, .kpi');
    const frame = (panel ?? stage).getBoundingClientRect();
    if (!inside(box, frame)) problems.push(`text ${r(box)} leaves its ${panel ? `panel ${name(panel)}` : 'stage'} ${r(frame)}`);
    if (el instanceof HTMLElement && style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth) problems.push(`cut: ${el.scrollWidth} px of text in ${el.clientWidth} px`);
    // Clipped by a box between it and its panel (overflow hidden on an ancestor).
    for (let a = el.parentElement; a && a !== panel && a !== stage; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const ab = a.getBoundingClientRect();
        if (!inside(box, ab)) problems.push(`clipped by ${name(a)} ${r(ab)}`);
      }
    }
    // A label that wraps onto a second line grows over whatever is below it.
    const tops = [...new Set(lines.map((l) => Math.round((l.top + l.bottom) / 2 / (fontSize * 0.6))))];
    if (tops.length > 1) problems.push(`wraps onto ${tops.length} lines`);
    const path: string[] = [];
    for (let a: Element | null = el; a && a !== stage; a = a.parentElement) path.unshift(name(a));
    texts.push({ text: nodes.map((n) => n.data).join('').trim().slice(0, 60), key: path.join(' > '), fontSize, kind, problems });
  }
  const stageProblems: string[] = [];
  const sb = stage.getBoundingClientRect();
  for (const p of Array.from(stage.querySelectorAll('.panel, .kpi, .header'))) {
    const b = p.getBoundingClientRect();
    if (b.width > 0 && !inside(b, sb)) stageProblems.push(`${name(p)} ${r(b)} leaves the stage ${r(sb)}`);
  }
  const d = document.documentElement;
  if (d.scrollWidth > window.innerWidth || d.scrollHeight > window.innerHeight) stageProblems.push(`page scrolls: ${d.scrollWidth}×${d.scrollHeight} in ${window.innerWidth}×${window.innerHeight}`);
  return { rem, texts, stageProblems };
}

/** The smallest font size allowed for a text of this kind, at this rem. */
export function minFontSize(kind: TextBox['kind'], rem: number): number {
  return kind === 'exempt' ? 0 : ((kind === 'axis' ? 16 : 18) * rem) / 16;
}

export async function measure(page: Page): Promise<Measure> {
  // tsx (keepNames) wraps inner functions in __name(); the page has no such helper.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(measureText);
}

/** "18 px: 税务 · 3秒前更新 (div.panel-head > span.panel-fresh)" lines for a failure message. */
export function tooSmall(m: Measure): string[] {
  return m.texts.filter((t) => t.fontSize < minFontSize(t.kind, m.rem) - 0.01).map((t) => `${t.fontSize} px: ${t.text} (${t.key})`);
}

export function overflowing(m: Measure): string[] {
  return [...m.stageProblems, ...m.texts.filter((t) => t.problems.length > 0).map((t) => `${t.text}: ${t.problems.join('; ')} (${t.key})`)];
}
