// When events happen: the weight of each day (weekday, weekend, public holiday, month end, the
// tax filing deadline) and the share of each hour within a day, per event kind. The expected
// count for a minute is annual count × day weight / (sum of the year's day weights) × hour share /
// 60, so a simulated year meets its calibrated total whatever the calendar of that year.
import { type EventKind, dayKind, dayNumberKey, dayNumberStart, isWorkingDay, shanghaiParts } from '@torch/shared';

type Profile = readonly number[];

function normalise(p: Profile): Float64Array {
  const sum = p.reduce((s, x) => s + x, 0);
  return Float64Array.from(p, (x) => x / sum);
}

// Hours 0–23. Offices: 9–12 and 14–17 with a lunch dip; invoicing runs a little into the evening;
// customs brokers and ports work around the clock with a daytime bias.
const OFFICE: Profile = [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1, 4, 10, 11, 10, 4, 6, 10, 11, 10, 6, 2, 1, 0.8, 0.5, 0.3, 0.2];
const INVOICING: Profile = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 5, 10, 11, 10, 5, 7, 10, 11, 11, 8, 4, 2.5, 2, 1.5, 0.8, 0.4];
const PORTS: Profile = [2, 1.5, 1.2, 1.2, 1.5, 2, 3, 5, 8, 10, 10, 9, 6, 8, 10, 10, 9, 7, 5, 4, 3.5, 3, 2.5, 2];

export const HOUR_SHARES: Record<EventKind, Float64Array> = {
  'tax.invoice': normalise(INVOICING),
  'tax.receipt': normalise(OFFICE),
  'customs.declaration': normalise(PORTS),
  'registry.established': normalise(OFFICE),
  'registry.deregistered': normalise(OFFICE),
  'registry.changed': normalise(OFFICE),
};

/** Day of the month on which monthly tax filing closes: the 15th, moved to the next working day. */
export function filingDeadline(year: number, month: number): number {
  let day = 15;
  while (day < 28 && !isWorkingDay(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`)) day++;
  return day;
}

/** Relative weight of a day for a kind. 1 = an ordinary working day. */
export function dayWeight(kind: EventKind, day: number): number {
  const key = dayNumberKey(day);
  const type = dayKind(key);
  const working = type === 'workday' || type === 'makeup-workday';
  const p = shanghaiParts(dayNumberStart(day));
  switch (kind) {
    case 'tax.invoice': {
      // Month-end invoicing: the last three days of a month carry about twice a normal day.
      const monthEnd = p.day > p.daysInMonth - 3 ? 1.9 : 1;
      return (working ? 1 : type === 'weekend' ? 0.2 : 0.08) * monthEnd;
    }
    case 'tax.receipt': {
      if (!working) return 0.04;
      const deadline = filingDeadline(p.year, p.month);
      // Receipts build towards the filing deadline and fall away after it.
      return p.day <= deadline ? 0.3 + 3.5 * (p.day / deadline) ** 3 : 0.25;
    }
    case 'customs.declaration':
      return working ? 1 : type === 'weekend' ? 0.55 : 0.3;
    default:
      return working ? 1 : type === 'weekend' ? 0.06 : 0.02;
  }
}

const yearSums = new Map<string, number>();

/** Sum of day weights of a kind over a calendar year: the normaliser for annual calibration. */
export function yearWeight(kind: EventKind, year: number): number {
  const key = `${kind}:${year}`;
  let sum = yearSums.get(key);
  if (sum === undefined) {
    sum = 0;
    const first = Date.UTC(year, 0, 1) / 86_400_000;
    const last = Date.UTC(year + 1, 0, 1) / 86_400_000;
    for (let d = first; d < last; d++) sum += dayWeight(kind, d);
    yearSums.set(key, sum);
  }
  return sum;
}

