// What the screens see: the state read at an instant `asOf` (live: now; replay: the replay clock).
// Pure. Periods end at asOf; comparison periods end at the same time of day, using hourly buckets
// (the current hour pro rata), so "today so far" is compared with "that day, as far".
import { PARK_IDS, type ParkId } from '../parks.ts';
import { SOURCES, type Source } from '../streams.ts';
import { HOUR_MS, MINUTE_MS, dayNumber, dayNumberOfDate, dayNumberStart, shanghaiParts } from '../time.ts';
import { DAY_WIDTH, DERIVED, DERIVED_TERMS, F, FIELDS, type MetricId, P, fieldOf } from './layout.ts';
import type { MetricsState, RecentRegistryEvent } from './state.ts';

export const ZONE = 'zone' as const;
export type Scope = ParkId | typeof ZONE;
export const SCOPES: readonly Scope[] = [ZONE, ...PARK_IDS];

/** Relative change (current − base) / base; null when there is no base to compare with. */
export type Change = number | null;

export interface PeriodValues {
  today: number;
  mtd: number;
  ytd: number;
  /** 同比: against the same period last year. */
  yoy: { today: Change; mtd: Change; ytd: Change };
  /** 环比: against the previous day / month. */
  mom: { today: Change; mtd: Change };
  /**
   * The base values of those changes (null: the store does not hold the base period). A screen
   * needs them to decide whether a percentage reads right (see changeShown in format.ts): on a tiny,
   * zero or negative base it shows the difference instead.
   */
  base: { yoy: { today: number | null; mtd: number | null; ytd: number | null }; mom: { today: number | null; mtd: number | null } };
}

export interface FeedView {
  lastEventTs: number | null;
  lastArrival: number | null;
  /** Events per minute, mean of the last five full minutes of event time. */
  perMinute: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  tooLate: number;
  /** Rehearsal events applied (re-fed captures), and when the newest arrived. */
  rehearsal: number;
  lastRehearsal: number | null;
  /** Accepted events in each of the last 60 minutes of event time, oldest first. */
  minutes: number[];
  /** Entries in the stream not yet read by this gateway; filled in by the gateway (null: unknown). */
  lag: number | null;
}

export interface IntradayView {
  /**
   * Invoiced sales per hour of the day (not cumulative), for today, the same weekday a week ago and
   * the same date a year ago: the curves. A reference day is null when the store does not reach
   * back to it or no longer keeps its hours.
   */
  today: number[];
  lastWeek: number[] | null;
  lastYear: number[] | null;
  /**
   * The figures to compare: each day's sales from 00:00 up to asOf's time of day (Asia/Shanghai),
   * the hour in progress pro rata (the buckets are hourly, so within the hour the reference day is
   * taken as even). Today's is everything so far (= today's KPI figure); last year's equals the base
   * of the KPI's 今日 同比. Never the reference day's whole-day total: that is only the curve's end.
   */
  sameTime: { today: number; lastWeek: number | null; lastYear: number | null };
  /** asOf's time of day in hours (10:40 → 10.667): where the figures are cut. */
  hour: number;
}

export interface MetricsView {
  asOf: number;
  metrics: Record<Scope, Record<MetricId, PeriodValues>>;
  /** Parks by month-to-date invoiced sales, largest first. */
  ranking: { parkId: ParkId; sales: number }[];
  feeds: Record<Source, FeedView>;
  recent: RecentRegistryEvent[];
  intraday: Record<Scope, IntradayView>;
}

/** Sum of whole days [fromDay, toDay] into `out` (PARKS × FIELDS). */
function addDays(state: MetricsState, fromDay: number, toDay: number, out: Float64Array): void {
  for (let d = fromDay; d <= toDay; d++) {
    const b = state.days.get(d);
    if (!b) continue;
    for (let i = 0; i < DAY_WIDTH; i++) out[i]! += b.totals[i]!;
  }
}

/**
 * Add day `day` from 00:00 up to the time of day `msIntoDay` (hours before it whole, the current one
 * pro rata). Returns false when that day has no hourly detail any more.
 */
function addPartialDay(state: MetricsState, day: number, msIntoDay: number, out: Float64Array): boolean {
  const b = state.days.get(day);
  if (!b) return true;
  if (!b.hours) return false;
  const hour = Math.floor(msIntoDay / HOUR_MS);
  const fraction = (msIntoDay - hour * HOUR_MS) / HOUR_MS;
  for (let h = 0; h <= Math.min(hour, 23); h++) {
    const w = h < hour ? 1 : fraction;
    if (w === 0) continue;
    const base = h * DAY_WIDTH;
    for (let i = 0; i < DAY_WIDTH; i++) out[i]! += b.hours[base + i]! * w;
  }
  return true;
}

interface Span {
  /** whole days, inclusive */
  from: number;
  to: number;
  /** then this day up to the time of day, when set */
  partial?: number;
}

function sumSpan(state: MetricsState, span: Span, msIntoDay: number): Float64Array | null {
  const out = new Float64Array(DAY_WIDTH);
  if (span.to >= span.from) addDays(state, span.from, span.to, out);
  if (span.partial !== undefined && !addPartialDay(state, span.partial, msIntoDay, out)) return null;
  return out;
}

function earliestDay(state: MetricsState): number | null {
  let min: number | null = null;
  for (const d of state.days.keys()) if (min === null || d < min) min = d;
  return min;
}

/** The period sums at an instant: today, MTD, YTD, and the bases of 同比 and 环比 (null: not covered). */
export interface PeriodSums {
  current: { today: Float64Array; mtd: Float64Array; ytd: Float64Array };
  base: { yoyToday: Float64Array | null; yoyMtd: Float64Array | null; yoyYtd: Float64Array | null; momToday: Float64Array | null; momMtd: Float64Array | null };
  /** The same weekday last week up to the same time of day (the intraday chart's reference). */
  lastWeekToday: Float64Array | null;
}

export function periodSums(state: MetricsState, asOf: number): PeriodSums {
  const today = dayNumber(asOf);
  const msIntoDay = asOf - dayNumberStart(today);
  const p = shanghaiParts(asOf);
  const monthStart = dayNumberOfDate(p.year, p.month, 1);
  const yearStart = dayNumberOfDate(p.year, 1, 1);
  const prevMonth = p.month === 1 ? { y: p.year - 1, m: 12 } : { y: p.year, m: p.month - 1 };
  const lastYearToday = dayNumberOfDate(p.year - 1, p.month, p.day);
  const first = earliestDay(state);
  // A comparison is only made when the store holds the whole base period.
  const covered = (fromDay: number) => first !== null && first <= fromDay;

  const current = {
    today: sumSpan(state, { from: today, to: today }, msIntoDay)!,
    mtd: sumSpan(state, { from: monthStart, to: today }, msIntoDay)!,
    ytd: sumSpan(state, { from: yearStart, to: today }, msIntoDay)!,
  };
  const prevMonthStart = dayNumberOfDate(prevMonth.y, prevMonth.m, 1);
  const prevMonthSame = dayNumberOfDate(prevMonth.y, prevMonth.m, p.day);
  const prevMonthLen = new Date(Date.UTC(prevMonth.y, prevMonth.m, 0)).getUTCDate();
  const lastYearMonthStart = dayNumberOfDate(p.year - 1, p.month, 1);
  const lastYearStart = dayNumberOfDate(p.year - 1, 1, 1);
  const base = {
    yoyToday: covered(lastYearToday) ? sumSpan(state, { from: 0, to: -1, partial: lastYearToday }, msIntoDay) : null,
    yoyMtd: covered(lastYearMonthStart) ? sumSpan(state, { from: lastYearMonthStart, to: lastYearToday - 1, partial: lastYearToday }, msIntoDay) : null,
    yoyYtd: covered(lastYearStart) ? sumSpan(state, { from: lastYearStart, to: lastYearToday - 1, partial: lastYearToday }, msIntoDay) : null,
    momToday: covered(today - 1) ? sumSpan(state, { from: 0, to: -1, partial: today - 1 }, msIntoDay) : null,
    // Previous month to the same day of month; a shorter previous month counts whole.
    momMtd: covered(prevMonthStart)
      ? p.day > prevMonthLen
        ? sumSpan(state, { from: prevMonthStart, to: prevMonthStart + prevMonthLen - 1 }, msIntoDay)
        : sumSpan(state, { from: prevMonthStart, to: prevMonthSame - 1, partial: prevMonthSame }, msIntoDay)
      : null,
  };
  const lastWeekToday = covered(today - 7) ? sumSpan(state, { from: 0, to: -1, partial: today - 7 }, msIntoDay) : null;
  return { current, base, lastWeekToday };
}

/** One metric of one scope out of a PARKS × FIELDS sum. */
function periodValueOf(arr: Float64Array, scope: Scope, id: MetricId): number {
  const park = scope === ZONE ? null : PARK_IDS.indexOf(scope);
  const value = (field: number): number => {
    if (park !== null) return arr[park * F + field]!;
    let s = 0;
    for (let k = 0; k < P; k++) s += arr[k * F + field]!;
    return s;
  };
  if ((DERIVED as readonly string[]).includes(id)) {
    let s = 0;
    for (const [f, sign] of DERIVED_TERMS[id as (typeof DERIVED)[number]]) s += sign * value(fieldOf(f));
    return s;
  }
  return value(fieldOf(id as (typeof FIELDS)[number]));
}

/** One metric of one scope out of the period sums. */
export function periodValues(sums: PeriodSums, scope: Scope, id: MetricId): PeriodValues {
  const { current, base } = sums;
  const metric = (arr: Float64Array | null): number | null => (arr ? periodValueOf(arr, scope, id) : null);
  const change = (cur: number, b: number | null): Change => (b === null || b === 0 ? null : (cur - b) / Math.abs(b));
  const t = metric(current.today)!;
  const m = metric(current.mtd)!;
  const y = metric(current.ytd)!;
  const b = { yoy: { today: metric(base.yoyToday), mtd: metric(base.yoyMtd), ytd: metric(base.yoyYtd) }, mom: { today: metric(base.momToday), mtd: metric(base.momMtd) } };
  return {
    today: t,
    mtd: m,
    ytd: y,
    yoy: { today: change(t, b.yoy.today), mtd: change(m, b.yoy.mtd), ytd: change(y, b.yoy.ytd) },
    mom: { today: change(t, b.mom.today), mtd: change(m, b.mom.mtd) },
    base: b,
  };
}

export function viewAt(state: MetricsState, asOf: number, lag?: Partial<Record<Source, number | null>>): MetricsView {
  const today = dayNumber(asOf);
  const p = shanghaiParts(asOf);
  const lastYearToday = dayNumberOfDate(p.year - 1, p.month, p.day);
  const sums = periodSums(state, asOf);
  const metrics = {} as Record<Scope, Record<MetricId, PeriodValues>>;
  for (const scope of SCOPES) {
    const row = {} as Record<MetricId, PeriodValues>;
    for (const id of [...FIELDS, ...DERIVED] as MetricId[]) row[id] = periodValues(sums, scope, id);
    metrics[scope] = row;
  }

  const ranking = PARK_IDS.map((parkId) => ({ parkId, sales: metrics[parkId].sales.mtd })).sort((a, b) => b.sales - a.sales || a.parkId.localeCompare(b.parkId));

  const feeds = {} as Record<Source, FeedView>;
  for (const s of SOURCES) {
    const src = state.sources[s];
    const newest = Math.floor((src.watermark ?? 0) / MINUTE_MS);
    const minutes: number[] = [];
    for (let m = newest - 59; m <= newest; m++) minutes.push(src.minutes.get(m) ?? 0);
    // The newest minute is still filling: the rate is the mean of the five before it.
    const perMinute = minutes.slice(54, 59).reduce((a, b) => a + b, 0) / 5;
    feeds[s] = { lastEventTs: src.watermark, lastArrival: src.lastArrival, perMinute, accepted: src.accepted, rejected: src.rejected, duplicates: src.duplicates, tooLate: src.tooLate, rehearsal: src.rehearsal, lastRehearsal: src.lastRehearsal, minutes, lag: lag?.[s] ?? null };
  }

  const salesField = fieldOf('sales');
  const first = earliestDay(state);
  /** A day's hourly sales; null when the store does not reach back to it or dropped its hours. */
  const hourly = (day: number, scope: Scope): number[] | null => {
    const b = state.days.get(day);
    const out = new Array<number>(24).fill(0);
    if (first === null || first > day) return day === today ? out : null;
    if (!b) return out;
    if (!b.hours) return null;
    for (let h = 0; h < 24; h++) {
      const base = h * DAY_WIDTH;
      if (scope === ZONE) for (let k = 0; k < P; k++) out[h]! += b.hours[base + k * F + salesField]!;
      else out[h] = b.hours[base + PARK_IDS.indexOf(scope) * F + salesField]!;
    }
    return out;
  };
  const hour = (asOf - dayNumberStart(today)) / HOUR_MS;
  const intraday = {} as Record<Scope, IntradayView>;
  for (const scope of SCOPES) {
    const sales = (arr: Float64Array | null) => (arr ? periodValueOf(arr, scope, 'sales') : null);
    intraday[scope] = {
      today: hourly(today, scope)!,
      lastWeek: hourly(today - 7, scope),
      lastYear: hourly(lastYearToday, scope),
      sameTime: { today: metrics[scope].sales.today, lastWeek: sales(sums.lastWeekToday), lastYear: sales(sums.base.yoyToday) },
      hour,
    };
  }

  return { asOf, metrics, ranking, feeds, recent: state.recent.map((r) => ({ ...r })), intraday };
}

export type SeriesStep = 'hour' | 'day' | 'month';
export interface SeriesPoint {
  /** Start of the bucket, epoch ms */
  t: number;
  v: number;
}

/** A metric over time for a scope, bucketed by hour (where hourly detail is kept), day or month. */
export function seriesOf(state: MetricsState, scope: Scope, metric: MetricId, from: number, to: number, step: SeriesStep): SeriesPoint[] {
  const terms: [number, number][] = (DERIVED as readonly string[]).includes(metric)
    ? DERIVED_TERMS[metric as (typeof DERIVED)[number]].map(([f, s]) => [fieldOf(f), s])
    : [[fieldOf(metric as (typeof FIELDS)[number]), 1]];
  const parks = scope === ZONE ? [...Array(P).keys()] : [PARK_IDS.indexOf(scope)];
  const read = (arr: Float64Array, base: number) => {
    let v = 0;
    for (const k of parks) for (const [f, sign] of terms) v += sign * arr[base + k * F + f]!;
    return v;
  };
  const points: SeriesPoint[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to - 1); d++) {
    const b = state.days.get(d);
    const dayStart = dayNumberStart(d);
    if (step === 'hour') {
      for (let h = 0; h < 24; h++) {
        const t = dayStart + h * HOUR_MS;
        if (t < from || t >= to) continue;
        points.push({ t, v: b?.hours ? read(b.hours, h * DAY_WIDTH) : 0 });
      }
    } else {
      const v = b ? read(b.totals, 0) : 0;
      if (step === 'day') points.push({ t: dayStart, v });
      else {
        const parts = shanghaiParts(dayStart);
        const monthStart = dayNumberStart(dayNumberOfDate(parts.year, parts.month, 1));
        const last = points[points.length - 1];
        if (last && last.t === monthStart) last.v += v;
        else points.push({ t: monthStart, v });
      }
    }
  }
  return points;
}
