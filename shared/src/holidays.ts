// Chinese public holidays (法定节假日) and make-up working days (调休上班), keyed by the
// Asia/Shanghai calendar date 'yyyy-MM-dd'. The caller turns an instant into that key; this module
// only does calendar arithmetic on the key (UTC date math), so the host time zone never matters.
//
// 2024-2026 follow the State Council General Office notices. 2027 is PROVISIONAL: its notice is
// not encoded; dates come from the lunar calendar and the statutory days of the 2024 revision of
// 全国年节及纪念日放假办法 (Spring Festival = eve + first three days), with Labour and National Day
// given their usual five- and seven-day spans and no make-up days. Replace it once the notice is out.
//
// Outside the covered years dayKind falls back to plain weekday/weekend: no holiday is invented.
//
// isWorkingHours, at the end, is the one helper here that takes an instant: it turns it into the
// key through time.ts (which knows nothing of holidays, so the two stay free of a cycle).
import { DAY_MS, dayKey as dayKeyAt, shanghaiParts } from './time.ts';

export type DayKind = 'holiday' | 'makeup-workday' | 'weekend' | 'workday';
export type HolidayLocale = 'zh-CN' | 'en';

export type HolidayId =
  | 'new-year'
  | 'spring-festival'
  | 'qingming'
  | 'labour-day'
  | 'dragon-boat'
  | 'mid-autumn'
  | 'national-day'
  | 'national-day-mid-autumn';

const HOLIDAY_NAMES: Record<HolidayId, Record<HolidayLocale, string>> = {
  'new-year': { 'zh-CN': '元旦', en: "New Year's Day" },
  'spring-festival': { 'zh-CN': '春节', en: 'Spring Festival' },
  qingming: { 'zh-CN': '清明节', en: 'Qingming Festival' },
  'labour-day': { 'zh-CN': '劳动节', en: 'Labour Day' },
  'dragon-boat': { 'zh-CN': '端午节', en: 'Dragon Boat Festival' },
  'mid-autumn': { 'zh-CN': '中秋节', en: 'Mid-Autumn Festival' },
  'national-day': { 'zh-CN': '国庆节', en: 'National Day' },
  // 2025: the two fall together and are announced as one block.
  'national-day-mid-autumn': { 'zh-CN': '国庆节、中秋节', en: 'National Day & Mid-Autumn Festival' },
};

interface HolidayBlock {
  id: HolidayId;
  /** Inclusive range as 'MM-dd' within the year (no block crosses a year end in the data). */
  from: string;
  to: string;
  /** Make-up working days attached to this block, 'MM-dd' (may fall in the previous/next month). */
  makeup?: readonly string[];
}

interface YearSchedule {
  provisional: boolean;
  blocks: readonly HolidayBlock[];
}

const SCHEDULES: Readonly<Record<number, YearSchedule>> = {
  2024: {
    provisional: false,
    blocks: [
      { id: 'new-year', from: '01-01', to: '01-01' },
      { id: 'spring-festival', from: '02-10', to: '02-17', makeup: ['02-04', '02-18'] },
      { id: 'qingming', from: '04-04', to: '04-06', makeup: ['04-07'] },
      { id: 'labour-day', from: '05-01', to: '05-05', makeup: ['04-28', '05-11'] },
      { id: 'dragon-boat', from: '06-08', to: '06-10' },
      { id: 'mid-autumn', from: '09-15', to: '09-17', makeup: ['09-14'] },
      { id: 'national-day', from: '10-01', to: '10-07', makeup: ['09-29', '10-12'] },
    ],
  },
  2025: {
    provisional: false,
    blocks: [
      { id: 'new-year', from: '01-01', to: '01-01' },
      { id: 'spring-festival', from: '01-28', to: '02-04', makeup: ['01-26', '02-08'] },
      { id: 'qingming', from: '04-04', to: '04-06' },
      { id: 'labour-day', from: '05-01', to: '05-05', makeup: ['04-27'] },
      { id: 'dragon-boat', from: '05-31', to: '06-02' },
      { id: 'national-day-mid-autumn', from: '10-01', to: '10-08', makeup: ['09-28', '10-11'] },
    ],
  },
  2026: {
    provisional: false,
    blocks: [
      { id: 'new-year', from: '01-01', to: '01-03', makeup: ['01-04'] },
      { id: 'spring-festival', from: '02-15', to: '02-23', makeup: ['02-14', '02-28'] },
      { id: 'qingming', from: '04-04', to: '04-06' },
      { id: 'labour-day', from: '05-01', to: '05-05', makeup: ['05-09'] },
      { id: 'dragon-boat', from: '06-19', to: '06-21' },
      { id: 'mid-autumn', from: '09-25', to: '09-27' },
      { id: 'national-day', from: '10-01', to: '10-07', makeup: ['09-20', '10-10'] },
    ],
  },
  // PROVISIONAL: derived from the lunar calendar, not from the official notice; no make-up days.
  2027: {
    provisional: true,
    blocks: [
      { id: 'new-year', from: '01-01', to: '01-01' },
      // Lunar New Year 02-06; eve (除夕) 02-05 plus days 1-3.
      { id: 'spring-festival', from: '02-05', to: '02-08' },
      { id: 'qingming', from: '04-05', to: '04-05' },
      { id: 'labour-day', from: '05-01', to: '05-05' },
      { id: 'dragon-boat', from: '06-09', to: '06-09' },
      { id: 'mid-autumn', from: '09-15', to: '09-15' },
      { id: 'national-day', from: '10-01', to: '10-07' },
    ],
  },
};

/** Years with a holiday table, ascending. */
export const HOLIDAY_YEARS: readonly number[] = Object.freeze(
  Object.keys(SCHEDULES)
    .map(Number)
    .sort((a, b) => a - b),
);

export function isCoveredYear(year: number): boolean {
  return SCHEDULES[year] !== undefined;
}

/** True when the year's table is a best guess rather than the official notice (currently 2027). */
export function isProvisionalYear(year: number): boolean {
  return SCHEDULES[year]?.provisional === true;
}

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a day key to a UTC-midnight epoch; throws on malformed or impossible dates (e.g. 02-30). */
function parseDayKey(dayKey: string): { year: number; utcMs: number } {
  const m = DAY_KEY.exec(dayKey);
  if (m === null) throw new RangeError(`day key must be yyyy-MM-dd, got '${dayKey}'`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const utcMs = Date.UTC(year, month - 1, day);
  const back = new Date(utcMs);
  // Date.UTC maps years 0-99 to 1900s and rolls invalid days over; reject both by round-tripping.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: '${dayKey}'`);
  }
  return { year, utcMs };
}

function keyOf(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

// Expanded once at load: day key → holiday id, and the set of make-up days.
const HOLIDAY_BY_DAY = new Map<string, HolidayId>();
const MAKEUP_DAYS = new Map<string, HolidayId>();

for (const year of HOLIDAY_YEARS) {
  for (const block of SCHEDULES[year]!.blocks) {
    const end = parseDayKey(`${year}-${block.to}`).utcMs;
    for (let t = parseDayKey(`${year}-${block.from}`).utcMs; t <= end; t += DAY_MS) {
      HOLIDAY_BY_DAY.set(keyOf(t), block.id);
    }
    for (const md of block.makeup ?? []) MAKEUP_DAYS.set(`${year}-${md}`, block.id);
  }
}

/** Day of week 0 (Sunday) .. 6 (Saturday) of the calendar date itself. */
export function weekdayOf(dayKey: string): number {
  return new Date(parseDayKey(dayKey).utcMs).getUTCDay();
}

/**
 * Kind of a Shanghai calendar day. Holidays and make-up days override the weekday; for years
 * outside HOLIDAY_YEARS only Saturday/Sunday count as non-working.
 */
export function dayKind(dayKey: string): DayKind {
  const weekday = weekdayOf(dayKey);
  if (HOLIDAY_BY_DAY.has(dayKey)) return 'holiday';
  if (MAKEUP_DAYS.has(dayKey)) return 'makeup-workday';
  return weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
}

export function isWorkingDay(dayKey: string): boolean {
  const kind = dayKind(dayKey);
  return kind === 'workday' || kind === 'makeup-workday';
}

/** Holiday a day belongs to, or null (make-up workdays are working days, so null too). */
export function holidayId(dayKey: string): HolidayId | null {
  parseDayKey(dayKey);
  return HOLIDAY_BY_DAY.get(dayKey) ?? null;
}

/** Localized holiday name ("春节" / "Spring Festival"), or null when the day is not a holiday. */
export function holidayName(dayKey: string, locale: HolidayLocale): string | null {
  const id = holidayId(dayKey);
  return id === null ? null : HOLIDAY_NAMES[id][locale];
}

/** Holiday whose schedule a make-up workday compensates for, or null. */
export function makeupFor(dayKey: string): HolidayId | null {
  parseDayKey(dayKey);
  return MAKEUP_DAYS.get(dayKey) ?? null;
}

/** Office hours in Shanghai: 09:00–18:00 on a working day (make-up workdays included, holidays not). */
export function isWorkingHours(ts: number): boolean {
  const p = shanghaiParts(ts);
  return isWorkingDay(dayKeyAt(ts)) && p.hour >= 9 && p.hour < 18;
}
