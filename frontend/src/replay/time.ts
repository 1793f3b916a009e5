// Times on the replay page, all in Asia/Shanghai whatever the browser's zone: the date-time inputs,
// the quick choices, the deep link (`?at=&to=`) and the timeline's ticks. Pure, so tests can pin
// "now".
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { enUS, zhCN } from 'date-fns/locale';
import { DAY_MS, HOUR_MS, type Locale, MINUTE_MS, SHANGHAI_TZ, parseShanghai, startOfShanghaiDay } from '@torch/shared';

export interface Range {
  from: number;
  to: number;
}

/** Sessions are refused beyond this (the gateway's limit). */
export const MAX_RANGE_MS = 31 * DAY_MS;
/** A step of the step buttons. */
export const STEP_MS = 5 * MINUTE_MS;
/** Jumping to an alert lands this long before it fired, so it can be watched happening. */
export const JUMP_LEAD_MS = MINUTE_MS;
/** The "before an alert" choice starts this long before the alert and lasts an hour. */
export const ALERT_LEAD_MS = 5 * MINUTE_MS;
export const ALERT_WINDOW_MS = HOUR_MS;

const tz = (ts: number) => new TZDate(ts, SHANGHAI_TZ);

/** The value of an `<input type="datetime-local">` for an instant: Shanghai wall-clock time. */
export function toInputValue(ts: number): string {
  return format(tz(ts), "yyyy-MM-dd'T'HH:mm");
}

/** An input's value back to epoch ms (Shanghai wall-clock), or null when empty or not a date. */
export function fromInputValue(text: string): number | null {
  if (!text) return null;
  try {
    return parseShanghai(text);
  } catch {
    return null;
  }
}

/** "2026-11-27 14:32" */
export function dateTime(ts: number): string {
  return format(tz(ts), 'yyyy-MM-dd HH:mm');
}

/** "11月27日 星期五 14:32" / "Fri 27 Nov 2026 14:32": an input's value read back in the page's language. */
export function longDateTime(ts: number, locale: Locale): string {
  return locale === 'en' ? format(tz(ts), 'EEE d MMM yyyy HH:mm', { locale: enUS }) : format(tz(ts), 'yyyy年M月d日 EEEE HH:mm', { locale: zhCN });
}

/** The replay clock, large: time with seconds, and the date with its weekday. */
export function replayClock(ts: number, locale: Locale): { time: string; date: string } {
  const d = tz(ts);
  return locale === 'en'
    ? { time: format(d, 'HH:mm:ss'), date: format(d, 'EEE d MMM yyyy', { locale: enUS }) }
    : { time: format(d, 'HH:mm:ss'), date: format(d, 'yyyy年M月d日 EEEE', { locale: zhCN }) };
}

/** An instant rounded down to the minute (ranges read better and density buckets align). */
const floorMinute = (ts: number) => Math.floor(ts / MINUTE_MS) * MINUTE_MS;

export type QuickRange = 'lastHour' | 'last6h' | 'today' | 'yesterday';
export const QUICK_RANGES: readonly QuickRange[] = ['lastHour', 'last6h', 'today', 'yesterday'];

export function quickRange(kind: QuickRange, now: number): Range {
  const end = floorMinute(now);
  switch (kind) {
    case 'lastHour':
      return { from: end - HOUR_MS, to: end };
    case 'last6h':
      return { from: end - 6 * HOUR_MS, to: end };
    case 'today':
      return { from: startOfShanghaiDay(now), to: end };
    case 'yesterday': {
      const today = startOfShanghaiDay(now);
      return { from: startOfShanghaiDay(today - 1), to: today };
    }
  }
}

/** One hour from five minutes before an alert fired (never past now). */
export function rangeBeforeAlert(firedAt: number, now: number): Range {
  const from = floorMinute(firedAt - ALERT_LEAD_MS);
  return { from, to: Math.min(from + ALERT_WINDOW_MS, floorMinute(now)) };
}

/**
 * `?at=<epoch ms>` (the start: links from an alert already subtract their lead) and optionally
 * `&to=`; without `to`, an hour. Null when there is no usable `at`.
 */
export function rangeFromSearch(search: string, now: number): Range | null {
  const q = new URLSearchParams(search);
  const at = Number(q.get('at'));
  if (!q.get('at') || !Number.isFinite(at) || at <= 0) return null;
  const toParam = Number(q.get('to'));
  const to = q.get('to') && Number.isFinite(toParam) && toParam > at ? toParam : at + ALERT_WINDOW_MS;
  return { from: Math.floor(at), to: Math.floor(Math.min(to, now, at + MAX_RANGE_MS)) };
}

export type RangeProblem = 'invalid' | 'order' | 'tooLong' | 'future';

export function checkRange(from: number | null, to: number | null, now: number): RangeProblem | null {
  if (from === null || to === null) return 'invalid';
  if (to <= from) return 'order';
  if (to - from > MAX_RANGE_MS) return 'tooLong';
  if (to > now + MINUTE_MS) return 'future';
  return null;
}

/** Density buckets the gateway allows (at most 2000, one more for the partial first): hours when they fit, else days. */
export function densityStep(r: Range): 'hour' | 'day' {
  return (r.to - r.from) / HOUR_MS <= 1998 ? 'hour' : 'day';
}

/**
 * Where to ask the density from: the start of the bucket holding `from` (the gateway lists the
 * buckets that start inside the range, so the partial first one would be missing).
 */
export function densityFrom(r: Range, step: 'hour' | 'day'): number {
  return step === 'hour' ? Math.floor(r.from / HOUR_MS) * HOUR_MS : startOfShanghaiDay(r.from);
}

const TICK_STEPS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 7 * 1440].map((m) => m * MINUTE_MS);

/** Tick instants on Shanghai wall-clock boundaries, about `count` of them across the range. */
export function ticks(r: Range, count = 8): number[] {
  const span = r.to - r.from;
  const step = TICK_STEPS.find((s) => span / s <= count) ?? TICK_STEPS.at(-1)!;
  // Align to the step in Shanghai time (days start at 00:00 there, not at UTC midnight).
  const day = startOfShanghaiDay(r.from);
  let t = day + Math.ceil((r.from - day) / step) * step;
  const out: number[] = [];
  for (; t <= r.to && out.length < 100; t += step) out.push(t);
  return out;
}

/** A tick's label: the time of day, or the date when ticks are a day or more apart (or at midnight). */
export function tickLabel(ts: number, spanMs: number): string {
  const d = tz(ts);
  if (spanMs > 3 * DAY_MS) return format(d, 'MM-dd');
  if (format(d, 'HH:mm') === '00:00') return format(d, 'MM-dd');
  return format(d, 'HH:mm');
}

/** Where an instant sits across the range, 0–1. */
export function fraction(ts: number, r: Range): number {
  return r.to > r.from ? Math.min(1, Math.max(0, (ts - r.from) / (r.to - r.from))) : 0;
}

/** The instant at a fraction of the range, to the second. */
export function instantAt(f: number, r: Range): number {
  const x = Math.min(1, Math.max(0, f));
  return Math.round((r.from + x * (r.to - r.from)) / 1000) * 1000;
}

export function clampTo(ts: number, r: Range): number {
  return Math.min(r.to, Math.max(r.from, ts));
}
