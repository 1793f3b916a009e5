// Whether a feed looks healthy, from the age of its newest event. Quiet nights, weekends and
// holidays are normal, so the thresholds stretch outside working hours. `now` is passed in: live
// uses the clock, replay its own.
import { isWorkingHours } from '../holidays.ts';
import type { Source } from '../streams.ts';

export type FeedStatus = 'ok' | 'stale' | 'down' | 'unknown';

const MIN = 60;
const THRESHOLDS: Record<Source, { working: [number, number]; quiet: [number, number] }> = {
  tax: { working: [10 * MIN, 30 * MIN], quiet: [3 * 60 * MIN, 12 * 60 * MIN] },
  // Declarations come a few an hour at lunch: a quieter feed needs a wider margin.
  customs: { working: [20 * MIN, 60 * MIN], quiet: [90 * MIN, 6 * 60 * MIN] },
  registry: { working: [45 * MIN, 3 * 60 * MIN], quiet: [24 * 60 * MIN, 72 * 60 * MIN] },
};

export function feedStatus(source: Source, lastEventTs: number | null, now: number): FeedStatus {
  if (lastEventTs === null) return 'unknown';
  const age = (now - lastEventTs) / 1000;
  const [stale, down] = THRESHOLDS[source][isWorkingHours(now) ? 'working' : 'quiet'];
  return age >= down ? 'down' : age >= stale ? 'stale' : 'ok';
}
