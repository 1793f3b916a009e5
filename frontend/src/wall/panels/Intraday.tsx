// Today's invoiced sales as a cumulative curve against the same day last week and last year:
// three series, labelled directly at their ends, no legend to decode from five metres. The figures
// written beside the chart compare like with like: each reference day up to the same time of day as
// now (view.intraday.sameTime). A reference day's whole-day total is only the end of its curve,
// drawn faint after the present time, never a figure set against today-so-far.
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { type IntradayView, type Locale, formatInScale, scaleUnit, scaledNumeral } from '@torch/shared';
import { type Freshness, Panel } from '../Panel.tsx';
import { useRemScale } from '../hooks.ts';
import { useTableScale } from '../useHeldScale.ts';

const COLORS = { today: '#3ad0ff', lastWeek: '#ffd166', lastYear: '#8b7bff' } as const;
const SERIES = ['today', 'lastWeek', 'lastYear'] as const;

/** Cumulative value of hourly amounts at a time of day in hours (linear within the hour). */
function cumulativeAt(hourly: readonly number[], x: number): number {
  const whole = Math.min(Math.floor(x), 24);
  let s = 0;
  for (let h = 0; h < whole; h++) s += hourly[h]!;
  return whole < 24 ? s + (x - whole) * hourly[whole]! : s;
}

export interface IntradayRow {
  h: number;
  today?: number;
  /** A reference day up to now (drawn like today's) and after now (faint, ends at the whole day). */
  lastWeek?: number;
  lastWeekLater?: number;
  lastYear?: number;
  lastYearLater?: number;
}

/** The chart's points: every hour boundary, plus the present time of day where the curves are cut. */
export function intradayRows(data: IntradayView): IntradayRow[] {
  const xs = [...Array(25).keys()];
  if (!Number.isInteger(data.hour)) xs.splice(Math.ceil(data.hour), 0, data.hour);
  return xs.map((h) => {
    const row: IntradayRow = { h };
    if (h < data.hour) row.today = cumulativeAt(data.today, h);
    else if (h === data.hour) row.today = data.sameTime.today;
    for (const k of ['lastWeek', 'lastYear'] as const) {
      const hourly = data[k];
      if (!hourly) continue;
      const v = cumulativeAt(hourly, h);
      if (h <= data.hour) row[k] = v;
      if (h >= data.hour) row[`${k}Later`] = v;
    }
    return row;
  });
}

/** "10:40" for 10.667 hours. */
function hhmm(hours: number): string {
  const m = Math.min(Math.floor(hours * 60 + 1e-6), 24 * 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export const Intraday = memo(function Intraday({ data, locale, fresh }: { data: IntradayView; locale: Locale; fresh: Freshness }) {
  const { t } = useTranslation();
  // SVG sizes are pixels: scale them with the wall like everything measured in rem.
  const k = useRemScale();
  const rows = useMemo(() => intradayRows(data), [data]);
  // One scale for the axis, from the largest curve: ticks stay in one unit. The figures beside the
  // chart have their own, from the figures themselves (small in the small hours), both held.
  const maxValue = Math.max(1, ...rows.flatMap((r) => [r.today ?? 0, r.lastWeek ?? 0, r.lastWeekLater ?? 0, r.lastYear ?? 0, r.lastYearLater ?? 0]));
  const scale = useTableScale([maxValue], locale);
  const figureScale = useTableScale(SERIES.map((s) => data.sameTime[s] ?? 0), locale);
  const figure = (s: (typeof SERIES)[number]) => {
    const v = data.sameTime[s];
    return v === null ? '—' : formatInScale(v, figureScale, 'cny');
  };
  const faint = 0.3;
  return (
    <Panel title={`${t('panel.intraday')} · ${scaleUnit(scale, 'cny')}`} className="col-left row-1" fresh={fresh} testId="panel-intraday">
      <div style={{ position: 'absolute', inset: 0, right: '10rem' }}>
        <ResponsiveContainer>
          <LineChart data={rows} margin={{ top: 16 * k, right: 14 * k, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#1d3a63" strokeDasharray={`${3 * k} ${6 * k}`} vertical={false} />
            <XAxis dataKey="h" type="number" domain={[0, 24]} ticks={[0, 6, 12, 18, 24]} tickFormatter={(h: number) => `${h}:00`} stroke="#8ea6c7" tick={{ fontSize: 16 * k }} height={30 * k} />
            <YAxis width={50 * k} stroke="#8ea6c7" tick={{ fontSize: 16 * k }} tickFormatter={(v: number) => scaledNumeral(v, scale)} />
            <Line dataKey="lastYearLater" stroke={COLORS.lastYear} strokeOpacity={faint} strokeWidth={2 * k} dot={false} isAnimationActive={false} strokeDasharray={`${6 * k} ${4 * k}`} />
            <Line dataKey="lastWeekLater" stroke={COLORS.lastWeek} strokeOpacity={faint} strokeWidth={2 * k} dot={false} isAnimationActive={false} strokeDasharray={`${2 * k} ${4 * k}`} />
            <Line dataKey="lastYear" stroke={COLORS.lastYear} strokeWidth={2 * k} dot={false} isAnimationActive={false} strokeDasharray={`${6 * k} ${4 * k}`} />
            <Line dataKey="lastWeek" stroke={COLORS.lastWeek} strokeWidth={2 * k} dot={false} isAnimationActive={false} strokeDasharray={`${2 * k} ${4 * k}`} />
            <Line dataKey="today" stroke={COLORS.today} strokeWidth={3.5 * k} dot={false} isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div style={{ position: 'absolute', right: 0, top: 0, bottom: 0, width: '9.6rem', display: 'flex', flexDirection: 'column', justifyContent: 'space-between' }}>
        {SERIES.map((k) => (
          <div key={k}>
            <div style={{ color: COLORS[k], fontSize: 'var(--t-min)', whiteSpace: 'nowrap' }}>{t(`series.${k}`)}</div>
            <div className="num" style={{ fontSize: 'var(--t-body)', fontWeight: 600, whiteSpace: 'nowrap' }} data-testid={`intraday-${k}`}>{figure(k)}</div>
          </div>
        ))}
        <div style={{ color: '#8ea6c7', fontSize: 'var(--t-min)', whiteSpace: 'nowrap' }} data-testid="intraday-cut">{t('series.sameTime', { time: hhmm(data.hour) })}</div>
      </div>
    </Panel>
  );
});
