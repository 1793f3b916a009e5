import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, MetricId, MoneyUnit, PeriodValues, Source } from '@torch/shared';
import { formatChange, money, splitUnit, type Unit } from '../../format/index.ts';
import type { WallUnits } from '../../format/index.ts';

interface KpiDef {
  metric: MetricId;
  label: 'sales' | 'tax' | 'imports' | 'exports' | 'netEstablished';
  unit: Unit;
  moneyUnit: keyof WallUnits | null;
  source: Source;
}

export const KPI_DEFS: readonly KpiDef[] = [
  { metric: 'sales', label: 'sales', unit: 'cny', moneyUnit: 'sales', source: 'tax' },
  { metric: 'tax', label: 'tax', unit: 'cny', moneyUnit: 'tax', source: 'tax' },
  { metric: 'exports', label: 'exports', unit: 'usd', moneyUnit: 'trade', source: 'customs' },
  { metric: 'imports', label: 'imports', unit: 'usd', moneyUnit: 'trade', source: 'customs' },
  { metric: 'netEstablished', label: 'netEstablished', unit: 'count', moneyUnit: null, source: 'registry' },
];

function Change({ value, locale }: { value: number | null; locale: Locale }) {
  const cls = value === null || Math.abs(value) < 0.0005 ? 'flat' : value > 0 ? 'up' : 'down';
  const arrow = cls === 'up' ? '▲' : cls === 'down' ? '▼' : '';
  return <span className={`chg num ${cls}`}>{arrow}{formatChange(value, { locale })}</span>;
}

const Kpi = memo(function Kpi({ def, values, units, stale, locale }: { def: KpiDef; values: PeriodValues; units: WallUnits; stale: boolean; locale: Locale }) {
  const { t } = useTranslation();
  const mu: MoneyUnit = def.moneyUnit ? units[def.moneyUnit] : 'yuan';
  // The month's figure is the big one, alone on its line; below it, one line each for the month's
  // 同比, today with 环比 and the year with 同比, so no line carries more than fits the card at 18 px.
  const main = splitUnit(money(values.mtd, def.unit, mu, locale));
  const yearUnit: MoneyUnit = mu === 'wan' ? 'yi' : mu;
  return (
    <div className={`kpi${stale ? ' stale' : ''}`} data-testid={`kpi-${def.metric}`}>
      <div className="label"><span>{t(`kpi.${def.label}`)}</span></div>
      <div className="main">
        <span className="value num" data-testid={`kpi-${def.metric}-mtd`} data-value={values.mtd}>{main.num}</span>
        <span className="unit">{main.unit || (def.unit === 'count' ? t('kpi.unitCount') : '')}</span>
      </div>
      <div className="rows">
        <span className="k">{t('kpi.mtd')}</span>
        <span />
        <span className="k">{t('kpi.yoy')}</span>
        <Change value={values.yoy.mtd} locale={locale} />
        <span className="k">{t('kpi.today')}</span>
        <span className="v num" data-testid={`kpi-${def.metric}-today`} data-value={values.today}>{money(values.today, def.unit, mu, locale)}</span>
        <span className="k">{t('kpi.mom')}</span>
        <Change value={values.mom.today} locale={locale} />
        <span className="k">{t('kpi.ytd')}</span>
        <span className="v num" data-testid={`kpi-${def.metric}-ytd`} data-value={values.ytd}>{money(values.ytd, def.unit, def.unit === 'count' ? 'yuan' : yearUnit, locale)}</span>
        <span className="k">{t('kpi.yoy')}</span>
        <Change value={values.yoy.ytd} locale={locale} />
      </div>
    </div>
  );
});

export function Kpis({ zone, units, staleSources, locale }: { zone: Record<MetricId, PeriodValues>; units: WallUnits; staleSources: Set<Source>; locale: Locale }) {
  return (
    <div className="kpis">
      {KPI_DEFS.map((d) => (
        <Kpi key={d.metric} def={d} values={zone[d.metric]} units={units} stale={staleSources.has(d.source)} locale={locale} />
      ))}
    </div>
  );
}
