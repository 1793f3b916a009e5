// What a screen is sent of a view (the live rooms and replay sessions): the figures it shows, no
// finer and no more. A view read at full precision changes almost everywhere on every tick — the
// bases of 同比 / 环比 run pro rata through the hour in progress, and every ratio with them — and
// the zone room carried every park's every period: each 4 Hz delta was ≈65 KB on a full history
// (issue 15). So a screen's view is read at the start of the minute (comparisons to the minute),
// its ratios are rounded to the 0.1 % a screen shows, and it carries what a screen shows: the
// zone's five headline metrics in full (the KPIs) and every other metric's month to date (chains,
// trade regions); each park's headline month to date (the map, the focus card) with the 同比 of its
// sales, except a park room's own park, sent in full; the feeds without their per-minute counts;
// the registry ticker's newest entries. The figures themselves (today, month, year to date) are
// exact and do not depend on the instant within a day. /api/metrics and the alert rules keep
// everything at full precision; a full MetricsView is also a valid ScreenView.
import { MINUTE_MS } from '../time.ts';
import { PARK_IDS, type ParkId } from '../parks.ts';
import type { MetricId } from '../metrics/layout.ts';
import { SOURCES, type Source } from '../streams.ts';
import type { Change, FeedView, IntradayView, MetricsView, PeriodValues, Scope } from '../metrics/view.ts';

/** Ratios are sent to this step: 0.001 = 0.1 %, the one decimal of percent a screen shows. */
export const RATIO_STEP = 0.001;
/** Registry events a screen is sent (the ticker shows four). */
export const SCREEN_RECENT = 4;
/** The KPIs' five metrics: in full for the zone, month to date per park (any can size the map's markers). */
export const HEADLINE_METRICS = ['sales', 'tax', 'exports', 'imports', 'netEstablished'] as const satisfies readonly MetricId[];
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

export function isHeadlineMetric(id: string): id is HeadlineMetric {
  return (HEADLINE_METRICS as readonly string[]).includes(id);
}

/** A month-to-date figure. */
export interface MonthFigure {
  mtd: number;
}
/** A park's sales on a screen: the month to date and its 同比 (the focus card). */
export interface ParkSales extends MonthFigure {
  yoy: { mtd: Change };
  base: { yoy: { mtd: number | null } };
}
/** The zone's metrics sent in full: the headline ones, and all trade (the wall's units follow it). */
const ZONE_IN_FULL: readonly MetricId[] = [...HEADLINE_METRICS, 'trade'];
/** The zone on a screen: the headline metrics and trade in full, every metric's month to date. */
export type ZoneFigures = Record<HeadlineMetric | 'trade', PeriodValues> & Record<MetricId, MonthFigure>;
/** A park on a screen (a park room's own park is sent in full, a wider value of this type). */
export type ParkFigures = Record<HeadlineMetric, MonthFigure> & { sales: ParkSales };
export type ScreenFeed = Omit<FeedView, 'minutes'>;

export interface ScreenView extends Omit<MetricsView, 'metrics' | 'intraday' | 'feeds'> {
  metrics: { zone: ZoneFigures } & Record<ParkId, ParkFigures>;
  feeds: Record<Source, ScreenFeed>;
  intraday: { zone: IntradayView } & Partial<Record<ParkId, IntradayView>>;
}

/** The instant a screen's view is read at: the start of the minute (comparisons to the minute). */
export function displayInstant(t: number): number {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

const STEPS = Math.round(1 / RATIO_STEP);
const round = (x: Change): Change => (x === null ? null : Math.round(x * STEPS) / STEPS);

function rounded(v: PeriodValues): PeriodValues {
  return {
    today: v.today, mtd: v.mtd, ytd: v.ytd,
    yoy: { today: round(v.yoy.today), mtd: round(v.yoy.mtd), ytd: round(v.yoy.ytd) },
    mom: { today: round(v.mom.today), mtd: round(v.mom.mtd) },
    base: v.base,
  };
}

/** Every metric in full, ratios rounded (a park room's own park). */
function fullRow(row: Record<MetricId, PeriodValues>): Record<MetricId, PeriodValues> {
  const out = {} as Record<MetricId, PeriodValues>;
  for (const id of Object.keys(row) as MetricId[]) out[id] = rounded(row[id]);
  return out;
}

function zoneRow(row: Record<MetricId, PeriodValues>): ZoneFigures {
  const out = {} as Record<MetricId, MonthFigure | PeriodValues>;
  for (const id of Object.keys(row) as MetricId[]) out[id] = ZONE_IN_FULL.includes(id) ? rounded(row[id]) : { mtd: row[id].mtd };
  return out as ZoneFigures;
}

function parkRow(row: Record<MetricId, PeriodValues>): ParkFigures {
  const out = {} as Record<HeadlineMetric, MonthFigure>;
  for (const id of HEADLINE_METRICS) out[id] = { mtd: row[id].mtd };
  const s = row.sales;
  return { ...out, sales: { mtd: s.mtd, yoy: { mtd: round(s.yoy.mtd) }, base: { yoy: { mtd: s.base.yoy.mtd } } } };
}

/** The view a screen receives (see above); `park`: a park room's own park, sent in full. */
export function screenView(view: MetricsView, park: ParkId | null = null): ScreenView {
  const metrics = { zone: zoneRow(view.metrics.zone) } as ScreenView['metrics'];
  for (const p of PARK_IDS) (metrics as Record<Scope, unknown>)[p] = p === park ? fullRow(view.metrics[p]) : parkRow(view.metrics[p]);
  const feeds = {} as Record<Source, ScreenFeed>;
  for (const s of SOURCES) {
    const { minutes: _, ...rest } = view.feeds[s];
    feeds[s] = rest;
  }
  const intraday: ScreenView['intraday'] = park ? { zone: view.intraday.zone, [park]: view.intraday[park] } : { zone: view.intraday.zone };
  return { asOf: view.asOf, metrics, ranking: view.ranking, feeds, recent: view.recent.slice(0, SCREEN_RECENT), intraday };
}
