import { describe, expect, it } from 'vitest';
import {
  HOLIDAY_YEARS,
  dayKind,
  holidayId,
  holidayName,
  isCoveredYear,
  isProvisionalYear,
  isWorkingDay,
  isWorkingHours,
  makeupFor,
  weekdayOf,
} from '../../shared/src/holidays.ts';
import { parseShanghai } from '../../shared/src/time.ts';

function daysOfYear(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function countKinds(year: number): Record<string, number> {
  const counts: Record<string, number> = { holiday: 0, 'makeup-workday': 0, weekend: 0, workday: 0 };
  for (const d of daysOfYear(year)) counts[dayKind(d)] = (counts[dayKind(d)] ?? 0) + 1;
  return counts;
}

describe('coverage', () => {
  it('covers 2024-2027 with 2027 provisional', () => {
    expect(HOLIDAY_YEARS).toEqual([2024, 2025, 2026, 2027]);
    expect(isCoveredYear(2025)).toBe(true);
    expect(isCoveredYear(2023)).toBe(false);
    expect(isCoveredYear(2028)).toBe(false);
    expect(isProvisionalYear(2027)).toBe(true);
    expect(isProvisionalYear(2026)).toBe(false);
    expect(isProvisionalYear(2030)).toBe(false);
  });
});

describe('weekdayOf', () => {
  it('computes the weekday from the key, independent of the host time zone', () => {
    expect(weekdayOf('2024-01-01')).toBe(1); // Monday
    expect(weekdayOf('2025-10-01')).toBe(3); // Wednesday
    expect(weekdayOf('2026-02-14')).toBe(6); // Saturday
    expect(weekdayOf('2024-02-29')).toBe(4); // leap day, Thursday
  });

  it('rejects malformed and impossible keys', () => {
    expect(() => dayKind('2025-2-1')).toThrow(RangeError);
    expect(() => dayKind('2025-02-30')).toThrow(RangeError);
    expect(() => dayKind('2025-13-01')).toThrow(RangeError);
    expect(() => holidayName('20250101', 'en')).toThrow(RangeError);
  });
});

describe('2024', () => {
  it('classifies a holiday, make-up days, a plain weekend and a plain weekday', () => {
    expect(dayKind('2024-02-12')).toBe('holiday'); // Monday in Spring Festival
    expect(dayKind('2024-02-17')).toBe('holiday'); // Saturday, last day of Spring Festival
    expect(dayKind('2024-02-04')).toBe('makeup-workday'); // Sunday
    expect(dayKind('2024-05-11')).toBe('makeup-workday'); // Saturday
    expect(dayKind('2024-09-14')).toBe('makeup-workday'); // Saturday
    expect(isWorkingDay('2024-02-04')).toBe(true);
    expect(dayKind('2024-03-09')).toBe('weekend');
    expect(dayKind('2024-03-12')).toBe('workday');
    expect(isWorkingDay('2024-10-07')).toBe(false);
    expect(dayKind('2024-10-08')).toBe('workday');
  });
});

describe('2025', () => {
  it('classifies a holiday, make-up days, a plain weekend and a plain weekday', () => {
    expect(dayKind('2025-01-28')).toBe('holiday'); // Spring Festival eve
    expect(dayKind('2025-01-26')).toBe('makeup-workday'); // Sunday
    expect(dayKind('2025-02-08')).toBe('makeup-workday'); // Saturday
    expect(dayKind('2025-10-08')).toBe('holiday');
    expect(dayKind('2025-10-11')).toBe('makeup-workday'); // Saturday
    expect(dayKind('2025-10-09')).toBe('workday');
    expect(dayKind('2025-03-15')).toBe('weekend');
    expect(dayKind('2025-03-17')).toBe('workday');
    expect(isWorkingDay('2025-03-15')).toBe(false);
    expect(isWorkingDay('2025-09-28')).toBe(true);
  });

  it('has an 8-day National Day & Mid-Autumn block', () => {
    const block = daysOfYear(2025).filter((d) => holidayId(d) === 'national-day-mid-autumn');
    expect(block).toEqual([
      '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04',
      '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08',
    ]);
  });
});

describe('2026', () => {
  it('classifies a holiday, make-up days, a plain weekend and a plain weekday', () => {
    expect(dayKind('2026-01-02')).toBe('holiday');
    expect(dayKind('2026-01-04')).toBe('makeup-workday'); // Sunday
    expect(dayKind('2026-02-23')).toBe('holiday'); // Monday, last day of Spring Festival
    expect(dayKind('2026-02-14')).toBe('makeup-workday'); // Saturday
    expect(dayKind('2026-02-28')).toBe('makeup-workday'); // Saturday
    expect(dayKind('2026-09-20')).toBe('makeup-workday'); // Sunday
    expect(dayKind('2026-03-07')).toBe('weekend');
    expect(dayKind('2026-03-09')).toBe('workday');
    expect(isWorkingDay('2026-05-09')).toBe(true);
    expect(makeupFor('2026-05-09')).toBe('labour-day');
  });
});

describe('2027 (provisional)', () => {
  it('uses lunar-derived dates and no make-up days', () => {
    expect(holidayName('2027-02-05', 'zh-CN')).toBe('春节'); // eve
    expect(holidayName('2027-02-08', 'en')).toBe('Spring Festival');
    expect(dayKind('2027-02-09')).toBe('workday');
    expect(holidayName('2027-04-05', 'en')).toBe('Qingming Festival');
    expect(holidayName('2027-06-09', 'zh-CN')).toBe('端午节');
    expect(holidayName('2027-09-15', 'zh-CN')).toBe('中秋节');
    expect(dayKind('2027-10-07')).toBe('holiday');
    expect(countKinds(2027)['makeup-workday']).toBe(0);
  });
});

describe('per-year totals', () => {
  it('has the expected number of holiday and make-up days', () => {
    // Sums of the block lengths / make-up lists in the official notices.
    expect(countKinds(2024)).toMatchObject({ holiday: 30, 'makeup-workday': 8 });
    expect(countKinds(2025)).toMatchObject({ holiday: 28, 'makeup-workday': 5 });
    expect(countKinds(2026)).toMatchObject({ holiday: 33, 'makeup-workday': 6 });
    expect(countKinds(2027)).toMatchObject({ holiday: 20, 'makeup-workday': 0 });
  });

  it('nets out to the statutory days off (11 before 2025, 13 from 2025)', () => {
    // Weekday holidays minus make-up workdays = statutory days: an independent check of the data.
    const statutory: Record<number, number> = { 2024: 11, 2025: 13, 2026: 13 };
    for (const [year, expected] of Object.entries(statutory)) {
      const days = daysOfYear(Number(year));
      const weekdayOff = days.filter((d) => dayKind(d) === 'holiday' && weekdayOf(d) % 6 !== 0).length;
      const makeup = days.filter((d) => dayKind(d) === 'makeup-workday').length;
      expect(weekdayOff - makeup, year).toBe(expected);
    }
  });

  it('only puts make-up workdays on weekends', () => {
    for (const year of HOLIDAY_YEARS) {
      for (const d of daysOfYear(year)) {
        if (dayKind(d) === 'makeup-workday') expect([0, 6], d).toContain(weekdayOf(d));
      }
    }
  });
});

describe('uncovered years', () => {
  it('falls back to plain weekday/weekend', () => {
    expect(dayKind('2023-01-01')).toBe('weekend'); // a Sunday, no table
    expect(dayKind('2023-10-02')).toBe('workday'); // a Monday that was a holiday in reality
    expect(holidayName('2023-10-02', 'en')).toBeNull();
    expect(dayKind('2028-01-01')).toBe('weekend'); // Saturday
    expect(dayKind('2028-01-03')).toBe('workday');
  });
});

describe('holidayName', () => {
  it('names every holiday in both locales', () => {
    expect(holidayName('2024-01-01', 'zh-CN')).toBe('元旦');
    expect(holidayName('2024-01-01', 'en')).toBe("New Year's Day");
    expect(holidayName('2025-01-29', 'zh-CN')).toBe('春节');
    expect(holidayName('2025-01-29', 'en')).toBe('Spring Festival');
    expect(holidayName('2026-04-05', 'zh-CN')).toBe('清明节');
    expect(holidayName('2024-05-03', 'zh-CN')).toBe('劳动节');
    expect(holidayName('2024-05-03', 'en')).toBe('Labour Day');
    expect(holidayName('2025-06-02', 'en')).toBe('Dragon Boat Festival');
    expect(holidayName('2024-09-16', 'zh-CN')).toBe('中秋节');
    expect(holidayName('2026-10-01', 'zh-CN')).toBe('国庆节');
    expect(holidayName('2026-10-01', 'en')).toBe('National Day');
    expect(holidayName('2025-10-06', 'zh-CN')).toBe('国庆节、中秋节');
  });

  it('returns null for make-up days, weekends and workdays', () => {
    expect(holidayName('2024-02-18', 'zh-CN')).toBeNull(); // make-up Sunday
    expect(makeupFor('2024-02-18')).toBe('spring-festival');
    expect(holidayName('2024-03-09', 'en')).toBeNull();
    expect(holidayName('2024-03-12', 'en')).toBeNull();
    expect(makeupFor('2024-03-12')).toBeNull();
  });
});

describe('isWorkingHours', () => {
  it('is 09:00 to 18:00 Shanghai time on a working day, whatever the host time zone', () => {
    expect(isWorkingHours(parseShanghai('2024-10-08T08:59'))).toBe(false);
    expect(isWorkingHours(parseShanghai('2024-10-08T09:00'))).toBe(true);
    expect(isWorkingHours(parseShanghai('2024-10-08T17:59'))).toBe(true);
    expect(isWorkingHours(parseShanghai('2024-10-08T18:00'))).toBe(false);
  });

  it('follows the holiday calendar: not on a holiday, yes on a make-up workday', () => {
    expect(isWorkingHours(parseShanghai('2024-10-07T10:00'))).toBe(false); // National Day week, a Monday
    expect(isWorkingHours(parseShanghai('2024-02-04T10:00'))).toBe(true); // a Sunday worked for the Spring Festival
    expect(isWorkingHours(parseShanghai('2024-02-03T10:00'))).toBe(false); // a plain Saturday
  });
});
