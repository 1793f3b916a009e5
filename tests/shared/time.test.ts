import { describe, expect, it } from 'vitest';
import {
  dayKey, dayKeyNumber, dayNumber, dayNumberKey, dayNumberOfDate, dayNumberStart, parseShanghai, sameInstantLastYear, shanghaiParts, startOfNextShanghaiDay,
  startOfShanghaiDay, startOfShanghaiMonth, startOfShanghaiYear, toShanghaiIso,
} from '@torch/shared';

describe('Asia/Shanghai calendar', () => {
  it('the fast fixed-offset day agrees with date-fns/TZDate every 7 hours over three years', () => {
    for (let ts = Date.UTC(2024, 0, 1); ts < Date.UTC(2027, 0, 1); ts += 7 * 3_600_000 + 13_000) {
      expect(dayNumberStart(dayNumber(ts))).toBe(startOfShanghaiDay(ts));
    }
  });

  it('a day starts at 16:00 UTC the evening before', () => {
    const ts = Date.UTC(2026, 0, 31, 16, 0, 0);
    expect(dayKey(ts)).toBe('2026-02-01');
    expect(dayKey(ts - 1)).toBe('2026-01-31');
    expect(startOfShanghaiMonth(ts)).toBe(ts);
    expect(startOfShanghaiYear(Date.UTC(2026, 5, 1))).toBe(Date.UTC(2025, 11, 31, 16));
    expect(startOfNextShanghaiDay(ts - 1)).toBe(ts);
  });

  it('parts, parsing and printing round-trip in Shanghai time whatever TZ the process has', () => {
    const ts = parseShanghai('2026-11-27T09:30');
    expect(ts).toBe(Date.UTC(2026, 10, 27, 1, 30));
    expect(shanghaiParts(ts)).toMatchObject({ year: 2026, month: 11, day: 27, hour: 9, minute: 30, weekday: 5, daysInMonth: 30 });
    expect(toShanghaiIso(ts)).toBe('2026-11-27T09:30:00.000+08:00');
    expect(parseShanghai('2026-11-27T09:30:00+08:00')).toBe(ts);
    expect(() => parseShanghai('2026-02-30')).toThrow(/calendar/);
    expect(() => parseShanghai('yesterday')).toThrow(/not a date/);
  });

  it('same instant last year handles 29 February', () => {
    expect(dayKey(sameInstantLastYear(parseShanghai('2025-03-01T10:00')))).toBe('2024-03-01');
    expect(dayKey(sameInstantLastYear(parseShanghai('2024-02-29T10:00')))).toBe('2023-02-28');
  });

  it('the day number of a date clamps the day to the month, leap years included', () => {
    expect(dayNumberOfDate(1970, 1, 1)).toBe(0);
    expect(dayNumberOfDate(2026, 3, 15)).toBe(dayKeyNumber('2026-03-15'));
    expect(dayNumberKey(dayNumberOfDate(2024, 2, 31))).toBe('2024-02-29');
    expect(dayNumberKey(dayNumberOfDate(2025, 2, 31))).toBe('2025-02-28');
    expect(dayNumberKey(dayNumberOfDate(2025, 4, 31))).toBe('2025-04-30');
    expect(dayNumberOfDate(2026, 3, 15)).toBe(dayNumber(parseShanghai('2026-03-15T00:00')));
  });
});

