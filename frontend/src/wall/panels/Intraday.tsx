// Today's invoiced sales as a cumulative curve against the same day last week and last year:
// three series, labelled directly at their ends, no legend to decode from five metres.
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { type IntradayView, type Locale, type MoneyUnit } from '@torch/shared';
import { money, scaled, tableScale } from '../../format/index.ts';
import { type Freshness, Panel } from '../Panel.tsx';
import { useRemScale } from '../hooks.ts';

const COLORS = { today: '#3ad0ff', lastWeek: '#ffd166', lastYear: '#8b7bff' } as const;

function cumulative(xs: number[]): number[] {
  let s = 0;
  return xs.map((x) => (s += x));
}

export const Intraday = memo(function Intraday({ data, hourNow, unit, locale, fresh }: { data: IntradayView; hourNow: number; unit: MoneyUnit; locale: Locale; fresh: Freshness }) {
  const { t } = useTranslation();
  // SVG sizes are pixels: scale them with the wall like everything measured in rem.
  const k = useRemScale();
  const rows = useMemo(() => {
    const today = cumulative(data.today);
    const week = cumulative(data.lastWeek);
    const year = cumulative(data.lastYear);
    return Array.from({ length: 25 }, (_, h) => ({
      h,
      today: h <= hourNow + 1 ? (h === 0 ? 0 : today[h - 1]) : undefined,
      lastWeek: h === 0 ? 0 : week[h - 1],
      lastYear: h === 0 ? 0 : year[h - 1],
    }));
  }, [data, hourNow]);
  // One scale for the axis, from the largest curve: ticks stay in one unit.
  const maxValue = Math.max(1, ...rows.flatMap((r) => [r.today ?? 0, r.lastWeek ?? 0, r.lastYear ?? 0]));
  const scale = tableScale(maxValue, 'cny', locale);
  const end = (k: 'today' | 'lastWeek' | 'lastYear') => {
    const row = [...rows].reverse().find((r) => r[k] !== undefined)!;
    return money(row[k]!, 'cny', unit, locale, 1);
  };
  return (
    <Panel title={`${t('panel.intraday')} · ${scale.unit}`} className="col-left row-1" fresh={fresh} testId="panel-intraday">
      <div style={{ position: 'absolute', inset: 0, right: '10rem' }}>
        <ResponsiveContainer>
          <LineChart data={rows} margin={{ top: 16 * k, right: 14 * k, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#1d3a63" strokeDasharray={`${3 * k} ${6 * k}`} vertical={false} />
            <XAxis dataKey="h" ticks={[0, 6, 12, 18, 24]} tickFormatter={(h: number) => `${h}:00`} stroke="#8ea6c7" tick={{ fontSize: 16 * k }} height={30 * k} />
            <YAxis width={50 * k} stroke="#8ea6c7" tick={{ fontSize: 16 * k }} tickFormatter={(v: number) => scaled(v, scale.divisor, locale, maxValue / scale.divisor < 10 ? 1 : 0)} />
            <Line dataKey="lastYear" stroke={COLORS.lastYear} strokeWidth={2 * k} dot={false} isAnimationActive={false} strokeDasharray={`${6 * k} ${4 * k}`} />
            <Line dataKey="lastWeek" stroke={COLORS.lastWeek} strokeWidth={2 * k} dot={false} isAnimationActive={false} strokeDasharray={`${2 * k} ${4 * k}`} />
            <Line dataKey="today" stroke={COLORS.today} strokeWidth={3.5 * k} dot={false} isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div style={{ position: 'absolute', right: 0, top: 0, bottom: '1.6rem', width: '9.6rem', display: 'flex', flexDirection: 'column', justifyContent: 'space-between' }}>
        {(['today', 'lastWeek', 'lastYear'] as const).map((k) => (
          <div key={k}>
            <div style={{ color: COLORS[k], fontSize: 'var(--t-min)', whiteSpace: 'nowrap' }}>{t(`series.${k}`)}</div>
            <div className="num" style={{ fontSize: 'var(--t-title)', fontWeight: 600, whiteSpace: 'nowrap' }}>{end(k)}</div>
          </div>
        ))}
      </div>
    </Panel>
  );
});
