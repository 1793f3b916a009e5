// How an alert reads, on the wall and in the console: its name in the screen's language, where it
// is (a park, a feed or the whole zone), and its value against its threshold in the rule's own unit.
// The console knows the rule (GET /api/alerts/rules); the wall, on a display token, does not, so
// the unit then falls back to what the record itself says (kind, labels, the size of the numbers).
// A wall on a display token holds the projection (WallAlert: no names, comments or silences); the
// wall's functions take either.
import type { TFunction } from 'i18next';
import {
  type AlertRecord, type AlertStatus, type Locale, type MetricId, PARKS_BY_ID, type ParkId, ROLE_NAMES, type Rule, SOURCE_NAMES, type Severity,
  type Silence, type Source, type WallAlert, formatChange, formatCny, formatCountWan, formatUsd, isSilenced,
} from '@torch/shared';

export type OpenAlert = AlertRecord & { status: AlertStatus; silenced: boolean };

/** What the wall shows an alert from: a person's whole record, or a display token's projection. */
export type ShownAlert = OpenAlert | WallAlert;

/** Who took it, as the wall says it: the person's name on a signed-in wall, the role on a kiosk (null: unknown). */
export function ackedBy(ack: NonNullable<ShownAlert['ack']>, locale: Locale): string | null {
  if ('by' in ack) return ack.by;
  return ack.role ? ROLE_NAMES[ack.role][locale === 'en' ? 'en' : 'zh'] : null;
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export const SEVERITY_COLORS: Record<Severity, string> = { critical: '#ff4d4f', warning: '#ffb020', info: '#4fa3ff' };

export function alertName(a: Pick<AlertRecord, 'rule'>, locale: Locale): string {
  return locale === 'en' ? a.rule.name.en : a.rule.name.zh;
}

export function parkOf(a: Pick<AlertRecord, 'labels'>): ParkId | null {
  const p = a.labels.park;
  return p && p in PARKS_BY_ID ? (p as ParkId) : null;
}

export function sourceOf(a: Pick<AlertRecord, 'labels'>): Source | null {
  const s = a.labels.source;
  return s && s in SOURCE_NAMES ? (s as Source) : null;
}

/** Where the alert is: the park's name, else the feed's, else the whole zone. */
export function alertPlace(a: Pick<AlertRecord, 'labels'>, locale: Locale, t: TFunction, short = false): string {
  const park = parkOf(a);
  if (park) {
    const p = PARKS_BY_ID[park];
    return locale === 'en' ? (short ? p.shortEn : p.en) : short ? p.shortZh : p.zh;
  }
  const source = sourceOf(a);
  if (source) return t('alerts.feedOf', { source: SOURCE_NAMES[source][locale === 'en' ? 'en' : 'zh'] });
  return t('alerts.wholeZone');
}

export type ValueUnit = 'cny' | 'usd' | 'count' | 'change' | 'percent' | 'minutes' | 'number';

export function metricUnit(metric: MetricId): 'cny' | 'usd' | 'count' {
  if (metric === 'sales' || metric === 'tax' || metric === 'capitalAdded' || metric.startsWith('chain.') || metric.startsWith('tax.')) return 'cny';
  if (metric === 'exports' || metric === 'imports' || metric === 'trade' || metric.startsWith('exports.') || metric.startsWith('imports.')) return 'usd';
  return 'count';
}

/** The unit an alert's value and threshold are in: from the rule when known, else from the record. */
export function valueUnit(a: Pick<AlertRecord, 'rule' | 'labels' | 'threshold'>, rule?: Rule): ValueUnit {
  // Records carry their unit; older ones are read from the rule, or guessed.
  if (a.rule.unit) return ({ cny: 'cny', usd: 'usd', count: 'count', change: 'change', fraction: 'percent', minutes: 'minutes' } as const)[a.rule.unit];
  switch (a.rule.kind) {
    case 'feed-stale':
    case 'feed-delay':
      return 'minutes';
    case 'rejected-rate':
      return 'percent';
    case 'large-event':
      if (rule?.kind === 'large-event') return rule.field === 'valueUsd' ? 'usd' : 'cny';
      return a.labels.source === 'customs' ? 'usd' : 'cny';
    case 'threshold':
      if (rule?.kind === 'threshold') return rule.measure === 'value' ? metricUnit(rule.metric) : 'change';
      // Without the rule: 同比 / 环比 thresholds are fractions, period totals are not.
      return Math.abs(a.threshold) < 1 && a.threshold !== 0 ? 'change' : a.labels.chain ? 'cny' : 'number';
    case 'drop':
    case 'spike':
      if (rule && (rule.kind === 'drop' || rule.kind === 'spike')) return metricUnit(rule.metric);
      return 'number';
  }
}

export function formatValue(v: number | null, unit: ValueUnit, locale: Locale, t: TFunction): string {
  if (v === null || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'cny':
      return formatCny(v, { locale });
    case 'usd':
      return formatUsd(v, { locale });
    case 'count':
      return formatCountWan(Math.round(v), { locale });
    case 'change':
      return formatChange(v, { locale });
    case 'percent':
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v * 100)}%`;
    case 'minutes':
      return t('alerts.minutes', { n: new Intl.NumberFormat(locale, { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v) });
    case 'number':
      return formatCountWan(v, { locale, digits: 2 });
  }
}

/** The relation that held when it fired, read from the numbers themselves. */
export function comparator(a: Pick<AlertRecord, 'value' | 'threshold' | 'rule'>): '>' | '<' | '≥' {
  if (a.rule.kind === 'feed-stale' || a.rule.kind === 'feed-delay') return '≥';
  return a.value < a.threshold ? '<' : '>';
}

/** "2,500.00万美元 > 1,000.00万美元" */
export function valueVsThreshold(a: Pick<AlertRecord, 'value' | 'threshold' | 'rule' | 'labels'>, locale: Locale, t: TFunction, rule?: Rule): { value: string; op: string; threshold: string } {
  const unit = valueUnit(a, rule);
  return { value: formatValue(a.value, unit, locale, t), op: comparator(a), threshold: formatValue(a.threshold, unit, locale, t) };
}

export function worstSeverity(list: readonly Severity[]): Severity | null {
  let worst: Severity | null = null;
  for (const s of list) if (worst === null || SEVERITY_RANK[s] < SEVERITY_RANK[worst]) worst = s;
  return worst;
}

export interface ParkAlertState {
  /** Open, not acknowledged, not silenced. */
  unacknowledged: number;
  /** Worst severity among the park's open, unsilenced alerts (acknowledged included). */
  worst: Severity | null;
  /** An unacknowledged critical alert: the map pulses until someone takes it. */
  urgent: boolean;
}

/** Per park, what the wall's map shows. Silenced alerts are hidden from walls. */
export function parkAlertStates(open: readonly ShownAlert[]): Partial<Record<ParkId, ParkAlertState>> {
  const out: Partial<Record<ParkId, ParkAlertState>> = {};
  for (const a of open) {
    const park = parkOf(a);
    if (!park || a.silenced || a.status === 'resolved') continue;
    const s = (out[park] ??= { unacknowledged: 0, worst: null, urgent: false });
    s.worst = worstSeverity(s.worst ? [s.worst, a.rule.severity] : [a.rule.severity]);
    if (a.status === 'firing') {
      s.unacknowledged++;
      if (a.rule.severity === 'critical') s.urgent = true;
    }
  }
  return out;
}

/** What the wall's banner shows: the newest unacknowledged critical alert, else the newest acknowledged one, and how many there are. */
export function bannerPick<A extends ShownAlert>(open: readonly A[]): { main: A; firing: number; acknowledged: number } | null {
  const critical = open.filter((a) => a.rule.severity === 'critical' && !a.silenced && a.status !== 'resolved').sort((x, y) => y.firedAt - x.firedAt);
  const firing = critical.filter((a) => a.status === 'firing');
  const main = firing[0] ?? critical[0];
  return main ? { main, firing: firing.length, acknowledged: critical.length - firing.length } : null;
}

/**
 * The open alerts with `silenced` re-evaluated at `now` against the silences the wall holds (same
 * shared rule as the gateway). The same array when nothing changes, so memoised panels stay put.
 */
export function applySilences<A extends ShownAlert>(open: A[] | null, silences: readonly Silence[] | null, now: number): A[] | null {
  if (!open || !silences) return open;
  let changed = false;
  const out = open.map((a) => {
    // A projection carries no fingerprint: walls on a display token are not given silences at all.
    if (!('fingerprint' in a)) return a;
    const silenced = isSilenced(a, silences, now);
    if (silenced === a.silenced) return a;
    changed = true;
    return { ...a, silenced } as A;
  });
  return changed ? out : open;
}
