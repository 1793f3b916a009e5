// Working time in Asia/Shanghai: the office periods of a Chinese working day (调休 make-up days
// included, public holidays and ordinary weekends not), from the same holiday table the alerts use.
// Deadlines counted "in working hours" are computed here, and so is the inverse (how much working
// time passed between two instants), which the timeliness figures need. Pure: instants in, out.
import { isWorkingDay } from '../holidays.ts';
import { MINUTE_MS, dayNumber, dayNumberKey, dayNumberStart } from '../time.ts';

/** One office period of a working day, in minutes after local midnight: [from, to). */
export interface WorkingPeriod {
  from: number;
  to: number;
}

/** Office periods of a working day, ascending and not overlapping (the policy schema checks it). */
export interface WorkingCalendar {
  periods: readonly WorkingPeriod[];
}

/** 09:00–12:00 and 13:30–18:00, the usual hours of a Chinese government office. */
export const DEFAULT_WORKING_CALENDAR: WorkingCalendar = {
  periods: [
    { from: 9 * 60, to: 12 * 60 },
    { from: 13 * 60 + 30, to: 18 * 60 },
  ],
};

/** How a duration is counted: by the wall clock, or only inside working periods. */
export type Counting = 'always' | 'working-hours';

// Long enough for any real duration: a year of working time spans well under 800 calendar days.
const MAX_DAYS = 3660;

/** The working intervals of one Shanghai day, as epoch-ms pairs; empty on non-working days. */
function intervalsOfDay(day: number, cal: WorkingCalendar): [number, number][] {
  if (!isWorkingDay(dayNumberKey(day))) return [];
  const start = dayNumberStart(day);
  return cal.periods.map((p) => [start + p.from * MINUTE_MS, start + p.to * MINUTE_MS]);
}

/**
 * The instant at which `durationMs` of working time has passed since `start`. A duration that
 * runs out exactly at the end of a period ends there (12:00, not 13:30); a zero duration is
 * `start` itself, working time or not.
 */
export function addWorkingTime(start: number, durationMs: number, cal: WorkingCalendar = DEFAULT_WORKING_CALENDAR): number {
  if (!(durationMs >= 0) || !Number.isFinite(durationMs)) throw new RangeError(`duration must be a finite number ≥ 0, got ${durationMs}`);
  if (durationMs === 0) return start;
  if (cal.periods.length === 0) throw new RangeError('the working calendar has no periods');
  let left = durationMs;
  const first = dayNumber(start);
  for (let day = first; day < first + MAX_DAYS; day++) {
    for (const [a, b] of intervalsOfDay(day, cal)) {
      const from = Math.max(a, start);
      if (from >= b) continue;
      if (b - from >= left) return from + left;
      left -= b - from;
    }
  }
  throw new RangeError(`a working duration of ${durationMs} ms does not end within ${MAX_DAYS} days`);
}

/** Working time between two instants (0 when `end` ≤ `start`). The inverse of addWorkingTime. */
export function workingTimeBetween(start: number, end: number, cal: WorkingCalendar = DEFAULT_WORKING_CALENDAR): number {
  if (end <= start) return 0;
  let total = 0;
  const last = dayNumber(end);
  for (let day = dayNumber(start); day <= last; day++) {
    for (const [a, b] of intervalsOfDay(day, cal)) {
      const from = Math.max(a, start);
      const to = Math.min(b, end);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/** Whether `ts` falls inside a working period. */
export function isWorkingTime(ts: number, cal: WorkingCalendar = DEFAULT_WORKING_CALENDAR): boolean {
  return intervalsOfDay(dayNumber(ts), cal).some(([a, b]) => ts >= a && ts < b);
}

/** `start` + duration, counted by the wall clock or in working time. */
export function addDuration(start: number, durationMs: number, counting: Counting, cal: WorkingCalendar = DEFAULT_WORKING_CALENDAR): number {
  return counting === 'always' ? start + durationMs : addWorkingTime(start, durationMs, cal);
}

/** Time between two instants, counted by the wall clock or in working time (0 when end ≤ start). */
export function durationBetween(start: number, end: number, counting: Counting, cal: WorkingCalendar = DEFAULT_WORKING_CALENDAR): number {
  return counting === 'always' ? Math.max(0, end - start) : workingTimeBetween(start, end, cal);
}
