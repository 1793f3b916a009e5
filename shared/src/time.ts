// Calendar arithmetic in Asia/Shanghai. Every day, month and year boundary the center uses comes
// from here, so live aggregation, replay, simulators and the screens agree on what "today" is.
//
// The hot path (one call per event) uses a fixed +08:00 offset: China has not observed daylight
// saving time since 1991, so the offset is constant for every instant this product handles. The
// date-fns/TZDate forms below are the reference; a test checks the two agree across years.
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addYears, startOfDay, startOfMonth, startOfYear, subYears } from 'date-fns';

export const SHANGHAI_TZ = 'Asia/Shanghai';
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * HOUR_MS;

/** Days since 1970-01-01 in Shanghai local calendar. */
export function dayNumber(ts: number): number {
  return Math.floor((ts + OFFSET_MS) / DAY_MS);
}

/** Epoch ms of 00:00 Shanghai on the given day number. */
export function dayNumberStart(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

/** 'yyyy-MM-dd' of a day number (Shanghai calendar). */
export function dayNumberKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 'yyyy-MM-dd' of the Shanghai calendar date at ts. */
export function dayKey(ts: number): string {
  return dayNumberKey(dayNumber(ts));
}

/** Day number of (year, month 1–12, day) in the Shanghai calendar; the day is clamped to the month's length (31 Feb → 28/29 Feb). */
export function dayNumberOfDate(year: number, month: number, day: number): number {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Date.UTC(year, month - 1, Math.min(day, last)) / DAY_MS;
}

/** Day number of a 'yyyy-MM-dd' key. */
export function dayKeyNumber(key: string): number {
  const n = Date.parse(`${key}T00:00:00Z`);
  if (Number.isNaN(n)) throw new RangeError(`not a day key: ${key}`);
  return n / DAY_MS;
}

export interface ShanghaiParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** days in this month */
  daysInMonth: number;
}

export function shanghaiParts(ts: number): ShanghaiParts {
  const d = new Date(ts + OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return {
    year,
    month,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

/** 'yyyy-MM' of the Shanghai month at ts. */
export function monthKey(ts: number): string {
  return dayKey(ts).slice(0, 7);
}

const tz = (ts: number) => new TZDate(ts, SHANGHAI_TZ);

export function startOfShanghaiDay(ts: number): number {
  return startOfDay(tz(ts)).getTime();
}
export function startOfShanghaiMonth(ts: number): number {
  return startOfMonth(tz(ts)).getTime();
}
export function startOfShanghaiYear(ts: number): number {
  return startOfYear(tz(ts)).getTime();
}
export function startOfNextShanghaiDay(ts: number): number {
  return addDays(startOfDay(tz(ts)), 1).getTime();
}
export function startOfNextShanghaiMonth(ts: number): number {
  return addMonths(startOfMonth(tz(ts)), 1).getTime();
}
export function startOfNextShanghaiYear(ts: number): number {
  return addYears(startOfYear(tz(ts)), 1).getTime();
}
/** The same wall-clock instant one year earlier (29 Feb maps to 28 Feb, as date-fns does). */
export function sameInstantLastYear(ts: number): number {
  return subYears(tz(ts), 1).getTime();
}

/** Parse 'yyyy-MM-dd' or 'yyyy-MM-ddTHH:mm' as Shanghai wall-clock time, or any ISO string with an offset. */
export function parseShanghai(text: string): number {
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    const ts = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) - OFFSET_MS;
    if (dayKey(ts) !== `${y}-${mo}-${d}`) throw new RangeError(`not a calendar date: ${text}`);
    return ts;
  }
  const ts = Date.parse(text);
  if (Number.isNaN(ts) || !/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    throw new RangeError(`not a date: "${text}" (use yyyy-MM-dd, yyyy-MM-ddTHH:mm in Asia/Shanghai, or ISO 8601 with an offset)`);
  }
  return ts;
}

/** ISO 8601 with the +08:00 offset, for logs and exports people read. */
export function toShanghaiIso(ts: number): string {
  return new Date(ts + OFFSET_MS).toISOString().replace('Z', '+08:00');
}
