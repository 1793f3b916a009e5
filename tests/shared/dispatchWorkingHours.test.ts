// Working-hours arithmetic on the Chinese calendar: weekends, public holidays and 调休 make-up days
// from shared/src/holidays.ts, office periods 09:00–12:00 and 13:30–18:00 unless a policy says else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_CALENDAR,
  type WorkingCalendar,
  addDuration,
  addWorkingTime,
  durationBetween,
  isWorkingTime,
  workingTimeBetween,
} from '../../shared/src/dispatch/workingHours.ts';
import { dayKind, weekdayOf } from '../../shared/src/holidays.ts';
import { HOUR_MS, MINUTE_MS, parseShanghai } from '../../shared/src/time.ts';

const at = parseShanghai;
const h = (n: number) => n * HOUR_MS;

describe('the calendar facts these tests stand on', () => {
  it('matches holidays.ts', () => {
    expect(weekdayOf('2026-03-06')).toBe(5); // a Friday
    expect(dayKind('2026-10-01')).toBe('holiday');
    expect(dayKind('2026-10-07')).toBe('holiday');
    expect(dayKind('2026-10-10')).toBe('makeup-workday');
    expect(weekdayOf('2026-10-10')).toBe(6); // a make-up Saturday
    expect(dayKind('2026-01-04')).toBe('makeup-workday');
    expect(weekdayOf('2026-01-04')).toBe(0); // a make-up Sunday
    expect(dayKind('2026-02-14')).toBe('makeup-workday');
    expect(dayKind('2026-02-23')).toBe('holiday');
    expect(dayKind('2027-10-07')).toBe('holiday');
  });
});

describe('addWorkingTime', () => {
  it('stays within one morning', () => {
    expect(addWorkingTime(at('2026-03-04T09:30'), h(1))).toBe(at('2026-03-04T10:30'));
  });

  it('ends at the end of a period rather than at the start of the next', () => {
    expect(addWorkingTime(at('2026-03-04T10:00'), h(2))).toBe(at('2026-03-04T12:00'));
    expect(addWorkingTime(at('2026-03-04T16:00'), h(2))).toBe(at('2026-03-04T18:00'));
  });

  it('skips the lunch break', () => {
    expect(addWorkingTime(at('2026-03-04T11:00'), h(2))).toBe(at('2026-03-04T14:30'));
  });

  it('starts counting at the next opening when dispatched out of hours', () => {
    expect(addWorkingTime(at('2026-03-04T07:00'), h(1))).toBe(at('2026-03-04T10:00'));
    expect(addWorkingTime(at('2026-03-04T12:30'), h(0.5))).toBe(at('2026-03-04T14:00'));
    expect(addWorkingTime(at('2026-03-04T20:00'), h(1))).toBe(at('2026-03-05T10:00'));
  });

  it('skips a weekend', () => {
    expect(addWorkingTime(at('2026-03-06T16:00'), h(4))).toBe(at('2026-03-09T11:00'));
    expect(addWorkingTime(at('2026-03-07T10:00'), h(1))).toBe(at('2026-03-09T10:00'));
  });

  it('skips the National Day week', () => {
    expect(addWorkingTime(at('2026-09-30T17:00'), h(2))).toBe(at('2026-10-08T10:00'));
  });

  it('counts the 调休 make-up Saturday after National Day', () => {
    expect(addWorkingTime(at('2026-10-09T17:00'), h(2))).toBe(at('2026-10-10T10:00'));
  });

  it('counts the make-up Saturday before the Spring Festival, then skips the festival', () => {
    expect(addWorkingTime(at('2026-02-13T17:00'), h(2))).toBe(at('2026-02-14T10:00'));
    expect(addWorkingTime(at('2026-02-14T17:00'), h(2))).toBe(at('2026-02-24T10:00'));
  });

  it('crosses New Year into the make-up Sunday of 2026-01-04', () => {
    expect(addWorkingTime(at('2025-12-31T17:00'), h(2))).toBe(at('2026-01-04T10:00'));
  });

  it('uses the provisional 2027 table too', () => {
    expect(addWorkingTime(at('2027-09-30T17:00'), h(2))).toBe(at('2027-10-08T10:00'));
  });

  it('runs over several days', () => {
    // 15 h from Friday 16:00: 2 h Friday, 7.5 h Monday, 5.5 h Tuesday (3 h morning, 2.5 h afternoon).
    expect(addWorkingTime(at('2026-03-06T16:00'), h(15))).toBe(at('2026-03-10T16:00'));
  });

  it('follows the periods a policy sets', () => {
    const cal: WorkingCalendar = { periods: [{ from: 8 * 60 + 30, to: 12 * 60 }, { from: 14 * 60 + 30, to: 17 * 60 + 30 }] };
    expect(addWorkingTime(at('2026-03-04T11:00'), h(2), cal)).toBe(at('2026-03-04T15:30'));
    expect(addWorkingTime(at('2026-03-04T07:00'), h(0.5), cal)).toBe(at('2026-03-04T09:00'));
  });

  it('treats zero as now and refuses nonsense', () => {
    expect(addWorkingTime(at('2026-03-07T03:00'), 0)).toBe(at('2026-03-07T03:00'));
    expect(() => addWorkingTime(0, -1)).toThrow(RangeError);
    expect(() => addWorkingTime(0, Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingTime(0, Infinity)).toThrow(RangeError);
  });
});

describe('workingTimeBetween', () => {
  it('measures a weekend-spanning interval', () => {
    expect(workingTimeBetween(at('2026-03-06T16:00'), at('2026-03-09T11:00'))).toBe(h(4));
  });

  it('gives 37.5 h for an ordinary week and less for the National Day week with its make-up days', () => {
    expect(workingTimeBetween(at('2026-03-02'), at('2026-03-09'))).toBe(h(37.5));
    // Mon 09-28 … Sun 10-04: Mon–Wed only (10-01..07 are holidays).
    expect(workingTimeBetween(at('2026-09-28'), at('2026-10-05'))).toBe(h(3 * 7.5));
    // Mon 10-05 … Sun 10-11: Thu, Fri and the make-up Saturday.
    expect(workingTimeBetween(at('2026-10-05'), at('2026-10-12'))).toBe(h(3 * 7.5));
    // Mon 09-14 … Sun 09-20: five days plus the make-up Sunday 09-20.
    expect(workingTimeBetween(at('2026-09-14'), at('2026-09-21'))).toBe(h(6 * 7.5));
  });

  it('is zero for a holiday, a night and a reversed interval', () => {
    expect(workingTimeBetween(at('2026-10-01'), at('2026-10-08'))).toBe(0);
    expect(workingTimeBetween(at('2026-03-04T18:00'), at('2026-03-05T09:00'))).toBe(0);
    expect(workingTimeBetween(at('2026-03-05'), at('2026-03-04'))).toBe(0);
  });
});

describe('isWorkingTime', () => {
  it('knows the periods and the calendar', () => {
    expect(isWorkingTime(at('2026-03-04T09:00'))).toBe(true);
    expect(isWorkingTime(at('2026-03-04T12:00'))).toBe(false);
    expect(isWorkingTime(at('2026-03-04T13:30'))).toBe(true);
    expect(isWorkingTime(at('2026-03-04T18:00'))).toBe(false);
    expect(isWorkingTime(at('2026-10-10T10:00'))).toBe(true);
    expect(isWorkingTime(at('2026-10-02T10:00'))).toBe(false);
  });
});

describe('addDuration / durationBetween', () => {
  it('count around the clock or in working hours', () => {
    const start = at('2026-03-06T16:00');
    expect(addDuration(start, h(4), 'always')).toBe(at('2026-03-06T20:00'));
    expect(addDuration(start, h(4), 'working-hours')).toBe(at('2026-03-09T11:00'));
    expect(durationBetween(start, at('2026-03-09T11:00'), 'always')).toBe(h(67));
    expect(durationBetween(start, at('2026-03-09T11:00'), 'working-hours')).toBe(h(4));
  });
});

describe('properties', () => {
  // Any minute from 2025 to the end of 2027 (the holiday table's reach, 2027 provisional).
  const instant = fc.integer({ min: at('2025-01-01'), max: at('2027-12-31') }).map((t) => t - (t % MINUTE_MS));
  const duration = fc.integer({ min: 0, max: 200 * 60 }).map((m) => m * MINUTE_MS);
  const calendars = fc.constantFrom<WorkingCalendar>(
    DEFAULT_WORKING_CALENDAR,
    { periods: [{ from: 8 * 60 + 30, to: 12 * 60 }, { from: 14 * 60 + 30, to: 17 * 60 + 30 }] },
    { periods: [{ from: 0, to: 24 * 60 }] },
  );

  it('the working time from a start to its deadline is the duration', () => {
    fc.assert(fc.property(instant, duration, calendars, (start, d, cal) => {
      expect(workingTimeBetween(start, addWorkingTime(start, d, cal), cal)).toBe(d);
    }));
  });

  it('a longer duration never ends earlier, and a positive one ends in or at the end of a working period', () => {
    fc.assert(fc.property(instant, duration, duration, (start, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(addWorkingTime(start, lo)).toBeLessThanOrEqual(addWorkingTime(start, hi));
      if (hi > 0) {
        const end = addWorkingTime(start, hi);
        expect(isWorkingTime(end - 1)).toBe(true);
      }
    }));
  });

  it('working time is additive over a split point', () => {
    fc.assert(fc.property(instant, instant, instant, (x, y, z) => {
      const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
      expect(workingTimeBetween(a, b) + workingTimeBetween(b, c)).toBe(workingTimeBetween(a, c));
    }), { numRuns: 200 });
  });
});
