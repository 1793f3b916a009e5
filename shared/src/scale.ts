// Which unit a panel prints its money figures in, so that they read: "1.0 / 0.4 / 0.1 / 0.0 (CNY
// bn)" or "0.00亿美元" has lost the figure, while flipping between 万 and 亿 on every delta makes a
// wall restless. Two pure rules, each a function of the figures alone:
//
// pickScale — the choice. Candidates are tried largest unit first, fewest decimals first (0–2); the
// first is taken in which every non-zero figure, as printed, shows at least two significant digits
// ("6.9", "0.59", "188"; not "0.7", "0.0") and the largest figure needs at most `maxWidth` digits
// (5 for a table column or a card: "12,345", "181.5"). When no candidate does both (the figures
// span too many orders of magnitude), the one that fits the width and gives the smallest figure
// the most significant digits is taken.
//
// holdScale — the hysteresis. A panel keeps its unit while its largest figure stays within a factor
// of 10 of the one the unit was chosen for and its figures still read with two significant digits;
// it re-chooses when the scale has moved by 10× either way (a new day or month, the first hours of
// one) or a figure would lose its second digit, and even then only for a unit that reads better.
// Growing tenfold within a unit adds at most one digit to the width.
import { type Locale, type MoneyUnit, formatCny, formatUsd } from './format.ts';

/** Significant digits a printed figure shows: "0.20" → 2, "0.0" → 0, "1,220" → 4, "CNY 749.0 m" → 4. */
export function significantDigits(text: string): number {
  return text.replace(/\D/g, '').replace(/^0+/, '').length;
}

/** Digits a printed figure takes, the width that matters in a column: "12,345.6" → 6. */
export function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

export interface ScaleOptions {
  /** Most digits the largest figure may take (default: no limit). */
  maxWidth?: number;
}

/** A scale chosen for a set of figures, and the largest figure it was chosen for. */
export interface HeldScale<S> {
  scale: S;
  ref: number;
}

function figuresOf(values: readonly number[]): number[] {
  const out: number[] = [];
  for (const v of values) if (Number.isFinite(v) && v !== 0) out.push(Math.abs(v));
  return out;
}

function leastSignificant<S>(figures: readonly number[], scale: S, render: (v: number, s: S) => string): number {
  let min = Infinity;
  for (const v of figures) min = Math.min(min, significantDigits(render(v, scale)));
  return min;
}

/** The scale for a set of figures (see the rule at the top). `candidates`: largest unit first, then fewest decimals. */
export function pickScale<S>(values: readonly number[], candidates: readonly S[], render: (v: number, s: S) => string, opts: ScaleOptions = {}): S {
  const figures = figuresOf(values);
  if (candidates.length === 0) throw new RangeError('pickScale needs at least one candidate');
  if (figures.length === 0) return candidates[0] as S;
  const largest = Math.max(...figures);
  const maxWidth = opts.maxWidth ?? Infinity;
  let best = -1;
  let bestSig = -1;
  let narrowest = 0;
  let narrowestWidth = Infinity;
  for (const [i, c] of candidates.entries()) {
    const width = digitCount(render(largest, c));
    if (width < narrowestWidth) {
      narrowest = i;
      narrowestWidth = width;
    }
    if (width > maxWidth) continue;
    const sig = leastSignificant(figures, c, render);
    if (sig >= 2) return c;
    if (sig > bestSig) {
      best = i;
      bestSig = sig;
    }
  }
  return candidates[best >= 0 ? best : narrowest] as S;
}

/** Keep `prev` unless the figures have moved by 10× or lost a significant digit (see the rule at the top). */
export function holdScale<S>(prev: HeldScale<S> | null, values: readonly number[], candidates: readonly S[], render: (v: number, s: S) => string, opts: ScaleOptions = {}): HeldScale<S> {
  const figures = figuresOf(values);
  const largest = figures.length === 0 ? 0 : Math.max(...figures);
  if (prev && largest === 0) return prev;
  if (!prev || prev.ref === 0 || largest > prev.ref * 10 || largest < prev.ref / 10) return { scale: pickScale(values, candidates, render, opts), ref: largest };
  const sig = leastSignificant(figures, prev.scale, render);
  if (sig >= 2) return prev;
  const next = pickScale(values, candidates, render, opts);
  return leastSignificant(figures, next, render) > sig ? { scale: next, ref: largest } : prev;
}

// Table scales: one unit and one number of decimals for a column of figures, the unit written once
// (in the panel's title or above the column) or after each figure on a card.

export type ScaleStep = 'yi' | 'wan' | 'yuan' | 'bn' | 'm' | 'k' | 'plain';

export interface FigureScale {
  locale: Locale;
  step: ScaleStep;
  divisor: number;
  digits: number;
}

const STEPS: Record<Locale, readonly [ScaleStep, number][]> = {
  'zh-CN': [['yi', 1e8], ['wan', 1e4], ['yuan', 1]],
  en: [['bn', 1e9], ['m', 1e6], ['k', 1e3], ['plain', 1]],
};
const candidateCache = new Map<Locale, readonly FigureScale[]>();

/** Every table scale of a locale, largest unit first, then 0, 1, 2 decimals. The same array for a locale. */
export function scaleCandidates(locale: Locale): readonly FigureScale[] {
  let list = candidateCache.get(locale);
  if (!list) {
    list = STEPS[locale].flatMap(([step, divisor]) => [0, 1, 2].map((digits) => ({ locale, step, divisor, digits })));
    candidateCache.set(locale, list);
  }
  return list;
}

const numeralCache = new Map<string, Intl.NumberFormat>();

/** The figure in the scale, numerals only: "181.5", "1,220", "−0.59" (U+2212; no "−0.00"). */
export function scaledNumeral(value: number, scale: FigureScale): string {
  if (!Number.isFinite(value)) return '—';
  const key = `${scale.locale}|${scale.digits}`;
  let f = numeralCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(scale.locale === 'zh-CN' ? 'zh-CN' : 'en-US', { minimumFractionDigits: scale.digits, maximumFractionDigits: scale.digits });
    numeralCache.set(key, f);
  }
  const text = f.format(Math.abs(value) / scale.divisor);
  return value < 0 && /[1-9]/.test(text) ? `\u2212${text}` : text;
}

const ZH_STEP: Partial<Record<ScaleStep, string>> = { yi: '亿', wan: '万', yuan: '' };

/** The unit of a scale: "亿元", "万美元", "元", "CNY bn", "US$ m", "CNY". */
export function scaleUnit(scale: FigureScale, currency: 'cny' | 'usd'): string {
  if (scale.locale === 'zh-CN') return `${ZH_STEP[scale.step] ?? ''}${currency === 'usd' ? '美元' : '元'}`;
  const prefix = currency === 'usd' ? 'US$' : 'CNY';
  return scale.step === 'plain' ? prefix : `${prefix} ${scale.step}`;
}

/** A whole figure in a scale: "5.12亿元", "188万美元", "CNY 512 m", "US$ 1,880 k". */
export function formatInScale(value: number, scale: FigureScale, currency: 'cny' | 'usd'): string {
  const num = scaledNumeral(value, scale);
  if (scale.locale === 'zh-CN') return `${num}${scaleUnit(scale, currency)}`;
  const prefix = currency === 'usd' ? 'US$' : 'CNY';
  return scale.step === 'plain' ? `${prefix} ${num}` : `${prefix} ${num} ${scale.step}`;
}

/** The Chinese money units, largest first: the candidates for figures printed by formatCny / formatUsd. */
export const MONEY_UNITS: readonly MoneyUnit[] = ['yi', 'wan', 'yuan'];

/** A renderer for pickScale / holdScale over MONEY_UNITS: the figure as formatCny / formatUsd print it. */
export function moneyRender(currency: 'cny' | 'usd', locale: Locale): (v: number, unit: MoneyUnit) => string {
  return currency === 'usd' ? (v, unit) => formatUsd(v, { locale, unit }) : (v, unit) => formatCny(v, { locale, unit });
}
