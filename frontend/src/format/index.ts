// Formatting for the screens, on top of the shared money formatting: units fixed per wall, ages,
// clock. All times are Asia/Shanghai whatever the browser's zone.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { enUS, zhCN } from 'date-fns/locale';
import { type Locale, type MoneyUnit, chooseMoneyUnit, formatChange, formatChangeOf, formatCny, formatCount, formatUsd } from '@torch/shared';

export type Unit = 'cny' | 'usd' | 'count';

/**
 * The wall's starting units, chosen once from the year-to-date figures: the KPI strip starts each
 * figure in them and leaves them only where a figure would lose its second significant digit
 * (useMoneyUnit). Other panels choose from their own figures (useTableScale).
 */
export interface WallUnits {
  sales: MoneyUnit;
  tax: MoneyUnit;
  trade: MoneyUnit;
}

export function chooseUnits(ytd: { sales: number; tax: number; trade: number }): WallUnits {
  // Today's figure is far smaller than the year's: pick from the month scale, one step down from the year.
  const down = (u: MoneyUnit): MoneyUnit => (u === 'yi' ? 'yi' : u === 'wan' ? 'wan' : 'yuan');
  return { sales: down(chooseMoneyUnit([ytd.sales / 12])), tax: down(chooseMoneyUnit([ytd.tax / 12])), trade: down(chooseMoneyUnit([ytd.trade / 12])) };
}

export function money(value: number, unit: Unit, moneyUnit: MoneyUnit, locale: Locale, digits?: number): string {
  if (unit === 'count') return formatCount(value, { locale });
  const o = { locale, unit: moneyUnit, ...(digits !== undefined ? { digits } : {}) };
  return unit === 'usd' ? formatUsd(value, o) : formatCny(value, o);
}

/** The numeral and the unit apart, so the wall can print the number large and the unit small. */
export function splitUnit(text: string): { num: string; unit: string } {
  const en = /^(US\$|[A-Z]{3})\s*([−\-]?[\d,.]+)\s*(.*)$/.exec(text);
  if (en) return { num: en[2]!, unit: `${en[1]} ${en[3]}`.trim() };
  const zh = /^([−\-+]?[\d,.]+)\s*(.*)$/.exec(text);
  if (zh) return { num: zh[1]!, unit: zh[2]! };
  return { num: text, unit: '' };
}

/**
 * One scale for a whole table, chosen from its largest value, so every row is in the same unit
 * (the per-value formatters pick the best unit for each number, which a column must not do).
 */
export function tableScale(max: number, currency: 'cny' | 'usd', locale: Locale): { divisor: number; unit: string } {
  const zh = locale === 'zh-CN';
  const cur = currency === 'usd' ? (zh ? '美元' : 'US$') : zh ? '元' : 'CNY';
  if (zh) return max >= 1e8 ? { divisor: 1e8, unit: `亿${cur}` } : max >= 1e4 ? { divisor: 1e4, unit: `万${cur}` } : { divisor: 1, unit: cur };
  return max >= 1e9 ? { divisor: 1e9, unit: `${cur} bn` } : max >= 1e6 ? { divisor: 1e6, unit: `${cur} m` } : max >= 1e3 ? { divisor: 1e3, unit: `${cur} k` } : { divisor: 1, unit: cur };
}

export function scaled(value: number, divisor: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value / divisor).replace('-', '−');
}

export { formatChange, formatChangeOf };

export function clock(ts: number, locale: Locale): { date: string; time: string } {
  const d = new TZDate(ts, 'Asia/Shanghai');
  return locale === 'zh-CN'
    ? { date: format(d, 'yyyy年M月d日 EEEE', { locale: zhCN }), time: format(d, 'HH:mm:ss') }
    : { date: format(d, 'EEE d MMM yyyy', { locale: enUS }), time: format(d, 'HH:mm:ss') };
}

export function timeOfDay(ts: number): string {
  return format(new TZDate(ts, 'Asia/Shanghai'), 'HH:mm');
}

/** Age as "12秒前" / "12 s ago" keys for i18n. */
export function ageParts(ms: number): { key: 'seconds' | 'minutes' | 'hours' | 'days'; n: number } {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return { key: 'seconds', n: s };
  if (s < 3600) return { key: 'minutes', n: Math.floor(s / 60) };
  if (s < 86_400) return { key: 'hours', n: Math.floor(s / 3600) };
  return { key: 'days', n: Math.floor(s / 86_400) };
}

/** "11-27 14:32" in Asia/Shanghai: lists, where the year is obvious. */
export function shortDateTime(ts: number): string {
  return format(new TZDate(ts, 'Asia/Shanghai'), 'MM-dd HH:mm');
}

/** "2026-11-27 14:32:05" in Asia/Shanghai: details and the audit trail. */
export function fullDateTime(ts: number): string {
  return format(new TZDate(ts, 'Asia/Shanghai'), 'yyyy-MM-dd HH:mm:ss');
}
