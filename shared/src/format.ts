// Money, counts and changes formatted the Chinese way (万/亿) with an English equivalent.
//
// Chinese groups large numbers by 10^4 (万) and 10^8 (亿); English by 10^3. A panel picks one
// Chinese unit for all its values (chooseMoneyUnit) so figures do not flip units as data moves.
// The English form re-expresses the same amount with Western magnitude words:
//   'yuan' → plain amount                        980        → "CNY 980"
//   'wan'  → k below 1e6, m from 1e6             563,000    → "CNY 563 k";  5,630,000 → "CNY 5.6 m"
//   'yi'   → m below 1e9, bn from 1e9            6.26亿     → "US$ 626.0 m"; 3626亿 → "CNY 362.60 bn"
// (1万 = 10 k, 1亿 = 100 m, so a whole English word per Chinese unit is impossible without
// values like "0.06 bn"; the English word is therefore picked per value within the unit's range.)
// Default digits: zh 亿 2, 万 2, 元 0; en bn 2, m 1, k 0, plain 0. `digits` overrides all of them.
// Negative numbers use the real minus sign U+2212; non-finite numbers format as "—".

export type Locale = 'zh-CN' | 'en';
export type MoneyUnit = 'yuan' | 'wan' | 'yi';

export interface MoneyOptions {
  locale: Locale;
  /** Fixed unit for a panel, or 'auto' (the default) to pick from this value alone. */
  unit?: MoneyUnit | 'auto';
  /** Fraction digits; overrides the per-unit default. */
  digits?: number;
}

const MINUS = '\u2212';
const DASH = '—';
const WAN = 1e4;
const YI = 1e8;

const UNIT_DIVISOR: Record<MoneyUnit, number> = { yuan: 1, wan: WAN, yi: YI };

/** Unit for a set of values, from the largest magnitude; non-finite values are ignored. */
export function chooseMoneyUnit(values: readonly number[]): MoneyUnit {
  let max = 0;
  for (const v of values) {
    if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  }
  if (max >= YI) return 'yi';
  if (max >= WAN) return 'wan';
  return 'yuan';
}

const formatterCache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${locale}|${minDigits}|${maxDigits}`;
  let f = formatterCache.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
    });
    formatterCache.set(key, f);
  }
  return f;
}

/** Formats |value| and prefixes U+2212 when negative, unless it rounds to zero (no "−0.00"). */
function signed(value: number, locale: Locale, minDigits: number, maxDigits: number): string {
  const text = numberFormat(locale, minDigits, maxDigits).format(Math.abs(value));
  return value < 0 && /[1-9]/.test(text) ? MINUS + text : text;
}

/** Rounded magnitude as the formatter would show it, for deciding whether to step up a magnitude. */
function roundedAbs(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(Math.abs(value) * f) / f;
}

function checkDigits(digits: number | undefined): void {
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 0 || digits > 20)) {
    throw new RangeError(`digits must be an integer 0..20, got ${digits}`);
  }
}

interface Currency {
  zhSuffix: string; // 元 or 美元
  enPrefix: string; // "CNY" or "US$"
}

const ZH_UNIT_PREFIX: Record<MoneyUnit, string> = { yuan: '', wan: '万', yi: '亿' };
const ZH_DEFAULT_DIGITS: Record<MoneyUnit, number> = { yuan: 0, wan: 2, yi: 2 };

type EnMagnitude = 'plain' | 'k' | 'm' | 'bn';
const EN_DIVISOR: Record<EnMagnitude, number> = { plain: 1, k: 1e3, m: 1e6, bn: 1e9 };
const EN_DEFAULT_DIGITS: Record<EnMagnitude, number> = { plain: 0, k: 0, m: 1, bn: 2 };

/** English magnitude within a Chinese unit's range; steps up when rounding reaches 1000 ("1,000 k" → "1.0 m"). */
function enMagnitude(amount: number, unit: MoneyUnit, digits: number | undefined): EnMagnitude {
  const [low, high]: [EnMagnitude, EnMagnitude] | [EnMagnitude] =
    unit === 'yi' ? ['m', 'bn'] : unit === 'wan' ? ['k', 'm'] : ['plain'];
  if (high === undefined) return low;
  const shown = roundedAbs(amount / EN_DIVISOR[low], digits ?? EN_DEFAULT_DIGITS[low]);
  return shown >= 1000 ? high : low;
}

/** Unit for a lone value; steps up when rounding would show "10,000元" or "10,000.00万元". */
function autoUnit(amount: number, digits: number | undefined): MoneyUnit {
  let unit = chooseMoneyUnit([amount]);
  if (unit === 'yuan' && roundedAbs(amount, digits ?? ZH_DEFAULT_DIGITS.yuan) >= WAN) unit = 'wan';
  if (unit === 'wan' && roundedAbs(amount / WAN, digits ?? ZH_DEFAULT_DIGITS.wan) >= WAN) unit = 'yi';
  return unit;
}

function formatMoney(amount: number, opts: MoneyOptions, currency: Currency): string {
  if (!Number.isFinite(amount)) return DASH;
  checkDigits(opts.digits);
  const unit = opts.unit === undefined || opts.unit === 'auto' ? autoUnit(amount, opts.digits) : opts.unit;
  if (opts.locale === 'zh-CN') {
    const d = opts.digits ?? ZH_DEFAULT_DIGITS[unit];
    return `${signed(amount / UNIT_DIVISOR[unit], 'zh-CN', d, d)}${ZH_UNIT_PREFIX[unit]}${currency.zhSuffix}`;
  }
  const mag = enMagnitude(amount, unit, opts.digits);
  const d = opts.digits ?? EN_DEFAULT_DIGITS[mag];
  const numeral = signed(amount / EN_DIVISOR[mag], 'en', d, d);
  return mag === 'plain' ? `${currency.enPrefix} ${numeral}` : `${currency.enPrefix} ${numeral} ${mag}`;
}

/** Renminbi amount given in yuan: "3,626.00亿元" / "CNY 362.60 bn". */
export function formatCny(yuan: number, opts: MoneyOptions): string {
  return formatMoney(yuan, opts, { zhSuffix: '元', enPrefix: 'CNY' });
}

/** US-dollar amount given in dollars: "6.26亿美元" / "US$ 626.0 m". */
export function formatUsd(usd: number, opts: MoneyOptions): string {
  return formatMoney(usd, opts, { zhSuffix: '美元', enPrefix: 'US$' });
}

/** Whole count with thousands separators, same in both locales: "1,234". */
export function formatCount(n: number, opts: { locale: Locale }): string {
  if (!Number.isFinite(n)) return DASH;
  return signed(n, opts.locale, 0, 0);
}

/**
 * Large count in compact form, trailing zeros trimmed (counts have no fixed precision):
 * zh "9,999" / "12.3万" / "1.2亿"; en "9,999" / "12.3 k" / "123 k" / "1.2 m" / "1.2 bn".
 * Both locales stay plain below 1e4 so small counts read the same everywhere.
 */
export function formatCountWan(n: number, opts: { locale: Locale; digits?: number }): string {
  if (!Number.isFinite(n)) return DASH;
  checkDigits(opts.digits);
  const d = opts.digits ?? 1;
  const abs = Math.abs(n);
  if (roundedAbs(n, 0) < WAN) return signed(n, opts.locale, 0, 0);
  if (opts.locale === 'zh-CN') {
    // Step up to 亿 when 万 would read "10,000万".
    const useYi = abs >= YI || roundedAbs(n / WAN, d) >= WAN;
    return useYi ? `${signed(n / YI, 'zh-CN', 0, d)}亿` : `${signed(n / WAN, 'zh-CN', 0, d)}万`;
  }
  let mag: EnMagnitude = 'k';
  for (const next of ['m', 'bn'] as const) {
    if (abs >= EN_DIVISOR[next] || roundedAbs(n / EN_DIVISOR[mag], d) >= 1000) mag = next;
  }
  return `${signed(n / EN_DIVISOR[mag], 'en', 0, d)} ${mag}`;
}

/** Relative change (current - base) / base as "+3.9%" / "−15.0%"; null or non-finite → "—". */
export function formatChange(ratio: number | null, opts: { locale: Locale }): string {
  if (ratio === null || !Number.isFinite(ratio)) return DASH;
  const text = signed(ratio * 100, opts.locale, 1, 1);
  // Only a change that is non-zero after rounding gets "+"; "0.0%" stays unsigned.
  const plus = ratio > 0 && /[1-9]/.test(text) ? '+' : '';
  return `${plus}${text}%`;
}

/** The kind of figure a change is about: it sets the smallest base a percentage is read against. */
export type ChangeUnit = 'cny' | 'usd' | 'count';

/**
 * The smallest base a percentage is shown against. Below it a single ordinary event moves the
 * percentage by more than about five to ten points, so "+1,100 %" describes the base, not the change:
 *  - count (enterprises, invoices, declarations): 20, so one more or one fewer moves it 5 points;
 *  - cny: 1,000万元 (1e7), about eight median invoices (the simulated median is ≈120万元);
 *  - usd: 300万美元 (3e6), about ten median customs declarations (≈31万美元).
 */
export const PERCENT_MIN_BASE: Readonly<Record<ChangeUnit, number>> = { count: 20, cny: 1e7, usd: 3e6 };

export type ChangeShown = { form: 'percent'; ratio: number } | { form: 'difference'; diff: number } | { form: 'none' };

/**
 * How a change (同比 / 环比) reads right; the rules, in order:
 *  1. no base (null: the store does not hold the base period) or a non-finite figure → none ("—");
 *  2. base ≤ 0 → the difference: a percentage of nothing, or of a negative base, means nothing;
 *  3. the sign changes (base > 0, current < 0) → the difference: 20 → −14 is "−34", not "−170 %";
 *  4. base below PERCENT_MIN_BASE for the kind of figure → the difference: 0.17 → 2 is "+2", not "+1,100 %";
 *  5. otherwise the percentage (current − base) / base.
 */
export function changeShown(current: number, base: number | null | undefined, unit: ChangeUnit): ChangeShown {
  if (base === null || base === undefined || !Number.isFinite(base) || !Number.isFinite(current)) return { form: 'none' };
  if (base <= 0 || current < 0 || base < PERCENT_MIN_BASE[unit]) return { form: 'difference', diff: current - base };
  return { form: 'percent', ratio: (current - base) / base };
}

export interface ChangeText {
  /** "+3.9%", "−34家", "+CNY 350 k", or "—". */
  text: string;
  /** Which way the figure moved, as printed (a change that rounds to zero is flat). */
  direction: 'up' | 'down' | 'flat' | 'none';
}

/**
 * A change as the screens print it, in percent or as a signed difference (changeShown decides).
 * A difference of money is in the unit that suits it ("+350.00万元" / "+CNY 350 k"); of a count it is
 * whole ("−34" plus `countSuffix`, e.g. "家"), since the pro-rata bases of counts are fractional.
 */
export function formatChangeOf(current: number, base: number | null | undefined, opts: { locale: Locale; unit: ChangeUnit; countSuffix?: string }): ChangeText {
  const shown = changeShown(current, base, opts.unit);
  if (shown.form === 'none') return { text: DASH, direction: 'none' };
  if (shown.form === 'percent') {
    const text = formatChange(shown.ratio, opts);
    return { text, direction: !/[1-9]/.test(text) ? 'flat' : shown.ratio > 0 ? 'up' : 'down' };
  }
  const d = shown.diff;
  const magnitude =
    opts.unit === 'count'
      ? `${formatCount(Math.abs(d), opts)}${opts.countSuffix ?? ''}`
      : opts.unit === 'usd'
        ? formatUsd(Math.abs(d), { locale: opts.locale })
        : formatCny(Math.abs(d), { locale: opts.locale });
  if (!/[1-9]/.test(magnitude)) return { text: magnitude, direction: 'flat' };
  return { text: `${d > 0 ? '+' : MINUS}${magnitude}`, direction: d > 0 ? 'up' : 'down' };
}
