import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeadlineMetric, Locale, MoneyUnit, PeriodValues, Source } from '@torch/shared';
import { formatChangeOf, money, splitUnit, type Unit } from '../../format/index.ts';
import type { WallUnits } from '../../format/index.ts';
import { useMoneyUnit } from '../useHeldScale.ts';

interface KpiDef {
  metric: HeadlineMetric;
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

/** 同比 / 环比: a percentage, or the signed difference where a percentage would mislead (formatChangeOf). */
function Change({ current, base, unit, locale, testId }: { current: number; base: number | null | undefined; unit: Unit; locale: Locale; testId: string }) {
  const { t } = useTranslation();
  const c = formatChangeOf(current, base, { locale, unit, countSuffix: t('kpi.unitCount') });
  const cls = c.direction === 'up' || c.direction === 'down' ? c.direction : 'flat';
  const arrow = cls === 'up' ? '▲' : cls === 'down' ? '▼' : '';
  return <span className={`chg num ${cls}`} data-testid={testId}>{arrow}{c.text}</span>;
}

const Kpi = memo(function Kpi({ def, values, units, stale, locale }: { def: KpiDef; values: PeriodValues; units: WallUnits; stale: boolean; locale: Locale }) {
  const { t } = useTranslation();
  const mu: MoneyUnit = def.moneyUnit ? units[def.moneyUnit] : 'yuan';
  const yearUnit: MoneyUnit = mu === 'wan' ? 'yi' : mu;
  // Each figure starts in the wall's unit and keeps it while it shows two significant digits; one
  // that would not (tax today in the small hours: 0.04亿元) moves to the unit that does (400.00万元),
  // held until its scale moves tenfold (useMoneyUnit, holdScale).
  const currency = def.unit === 'usd' ? 'usd' : 'cny';
  const mtdUnit = useMoneyUnit(values.mtd, currency, locale, mu);
  const todayUnit = useMoneyUnit(values.today, currency, locale, mu);
  const ytdUnit = useMoneyUnit(values.ytd, currency, locale, yearUnit);
  // The month's figure is the big one, alone on its line; below it, one line each for the month's
  // 同比, today with 环比 and the year with 同比, so no line carries more than fits the card at 18 px.
  const main = splitUnit(money(values.mtd, def.unit, mtdUnit, locale));
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
        <Change current={values.mtd} base={values.base.yoy.mtd} unit={def.unit} locale={locale} testId={`kpi-${def.metric}-yoy-mtd`} />
        <span className="k">{t('kpi.today')}</span>
        <span className="v num" data-testid={`kpi-${def.metric}-today`} data-value={values.today}>{money(values.today, def.unit, todayUnit, locale)}</span>
        <span className="k">{t('kpi.mom')}</span>
        <Change current={values.today} base={values.base.mom.today} unit={def.unit} locale={locale} testId={`kpi-${def.metric}-mom-today`} />
        <span className="k">{t('kpi.ytd')}</span>
        <span className="v num" data-testid={`kpi-${def.metric}-ytd`} data-value={values.ytd}>{money(values.ytd, def.unit, def.unit === 'count' ? 'yuan' : ytdUnit, locale)}</span>
        <span className="k">{t('kpi.yoy')}</span>
        <Change current={values.ytd} base={values.base.yoy.ytd} unit={def.unit} locale={locale} testId={`kpi-${def.metric}-yoy-ytd`} />
      </div>
    </div>
  );
});

export function Kpis({ zone, units, staleSources, locale }: { zone: Record<HeadlineMetric, PeriodValues>; units: WallUnits; staleSources: Set<Source>; locale: Locale }) {
  return (
    <div className="kpis">
      {KPI_DEFS.map((d) => (
        <Kpi key={d.metric} def={d} values={zone[d.metric]} units={units} stale={staleSources.has(d.source)} locale={locale} />
      ))}
    </div>
  );
}
