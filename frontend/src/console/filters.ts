// The list's filters and the query they make. Time ranges count back from now; a custom range is
// typed in Asia/Shanghai wall-clock time (datetime-local inputs), whatever the tablet's zone.
import { type ParkId, type Severity, type Source, parseShanghai } from '@torch/shared';

export type StatusFilter = 'open' | 'firing' | 'acknowledged' | 'resolved' | 'all';
export type RangeFilter = '24h' | '7d' | '30d' | 'all' | 'custom';

export interface AlertFilters {
  status: StatusFilter;
  severity: Severity | '';
  park: ParkId | '';
  source: Source | '';
  range: RangeFilter;
  /** yyyy-MM-ddTHH:mm, Asia/Shanghai; used when range is custom. */
  from: string;
  to: string;
}

export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'firing', 'acknowledged', 'resolved', 'all'];
export const RANGE_FILTERS: readonly RangeFilter[] = ['24h', '7d', '30d', 'all', 'custom'];

/** Open alerts of any age: what needs someone now. */
export const DEFAULT_FILTERS: AlertFilters = { status: 'open', severity: '', park: '', source: '', range: 'all', from: '', to: '' };

const BACK: Record<'24h' | '7d' | '30d', number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

function shanghai(text: string): number | null {
  if (!text) return null;
  try {
    return parseShanghai(text);
  } catch {
    return null;
  }
}

export function filtersToQuery(f: AlertFilters, now: number, limit = 500): URLSearchParams {
  const q = new URLSearchParams();
  if (f.status !== 'all') q.set('status', f.status);
  if (f.severity) q.set('severity', f.severity);
  if (f.park) q.set('park', f.park);
  if (f.source) q.set('source', f.source);
  if (f.range === '24h' || f.range === '7d' || f.range === '30d') q.set('from', String(now - BACK[f.range]));
  if (f.range === 'custom') {
    const from = shanghai(f.from);
    const to = shanghai(f.to);
    if (from !== null) q.set('from', String(from));
    if (to !== null) q.set('to', String(to));
  }
  q.set('limit', String(limit));
  return q;
}
