// The rule's metric hour by hour around the firing, so an official sees whether it was a blip or a
// trend. One series, the firing hour in the alert's colour and marked: no legend to decode.
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Locale, SeriesPoint, Severity } from '@torch/shared';
import { HOUR_MS } from '@torch/shared';
import { SEVERITY_COLORS } from '../alerts/describe.ts';
import { scaled, tableScale, timeOfDay } from '../format/index.ts';

export const ContextChart = memo(function ContextChart(props: {
  points: readonly SeriesPoint[];
  firedAt: number;
  unit: 'cny' | 'usd' | 'count';
  severity: Severity;
  locale: Locale;
  /** Fixed size for tests (happy-dom has no layout); the console lets it fill its box. */
  size?: { width: number; height: number };
}) {
  const { t } = useTranslation();
  const { points, firedAt, unit, locale } = props;
  const firedHour = Math.floor(firedAt / HOUR_MS) * HOUR_MS;
  const max = Math.max(0, ...points.map((p) => p.v));
  const scale = unit === 'count' ? { divisor: 1, unit: '' } : tableScale(max, unit, locale);
  const rows = useMemo(() => points.map((p) => ({ label: timeOfDay(p.t), v: p.v / scale.divisor, fired: p.t === firedHour })), [points, scale.divisor, firedHour]);
  const firedLabel = rows.find((r) => r.fired)?.label;
  const accent = SEVERITY_COLORS[props.severity];
  const chart = (
    <BarChart data={rows} margin={{ top: 22, right: 8, bottom: 0, left: 0 }} {...(props.size ?? {})}>
      <CartesianGrid vertical={false} stroke="#1d3a63" />
      <XAxis dataKey="label" tick={{ fill: '#8ea6c7', fontSize: 12 }} tickLine={false} axisLine={{ stroke: '#2e5d96' }} interval={3} />
      <YAxis width={56} tick={{ fill: '#8ea6c7', fontSize: 12 }} tickLine={false} axisLine={false} tickFormatter={(v: number) => scaled(v, 1, locale, v >= 100 || v === 0 ? 0 : 1)} />
      <Bar dataKey="v" isAnimationActive={false} radius={[2, 2, 0, 0]}>
        {rows.map((r) => <Cell key={r.label} fill={r.fired ? accent : '#3a7bd5'} fillOpacity={r.fired ? 1 : 0.75} />)}
      </Bar>
      {firedLabel ? <ReferenceLine x={firedLabel} stroke={accent} strokeDasharray="4 3" label={{ value: t('console.detail.firedLine'), position: 'top', fill: accent, fontSize: 13 }} /> : null}
    </BarChart>
  );
  return (
    <div className="context-chart" data-testid="context-chart">
      {scale.unit ? <div className="chart-unit">{t('series.unit', { unit: scale.unit })}</div> : null}
      {props.size ? chart : <ResponsiveContainer width="100%" height={220}>{chart}</ResponsiveContainer>}
    </div>
  );
});
