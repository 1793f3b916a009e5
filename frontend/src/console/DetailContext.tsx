// Why the alert fired, in context: the rule's condition and qualifiers as the gateway has it, and
// the rule's metric hour by hour around the firing (a blip or a trend).
import { useTranslation } from 'react-i18next';
import { type Locale, PARKS_BY_ID, type Rule, type Severity } from '@torch/shared';
import { metricUnit } from '../alerts/describe.ts';
import { metricLabel, ruleCondition, ruleQualifiers } from '../alerts/ruleText.ts';
import { ContextChart } from './ContextChart.tsx';
import type { SeriesState } from './useContextSeries.ts';

/** The rule's parameters; while the rules are loading, or once the rule is gone, it says so. */
export function RuleParams({ rule, rulesLoaded, locale }: { rule: Rule | undefined; rulesLoaded: boolean; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <section className="block">
      <h3>{t('console.detail.params')}</h3>
      {rule ? (
        <>
          <p className="condition" data-testid="detail-condition">{ruleCondition(rule, locale, t)}</p>
          <p className="qualifiers">{[t(`alerts.kind.${rule.kind}`), ...ruleQualifiers(rule, locale, t)].join(' · ')}</p>
        </>
      ) : (
        <p className="muted">{rulesLoaded ? t('console.detail.ruleGone') : t('console.list.loading')}</p>
      )}
    </section>
  );
}

/** The context chart, or why there is none (no metric for this kind, loading, failed, all zero). */
export function ContextSection({ series, firedAt, severity, locale }: { series: SeriesState; firedAt: number; severity: Severity; locale: Locale }) {
  const { t } = useTranslation();
  const lang = locale === 'en' ? 'en' : 'zh';
  if (series.kind === 'none') return <section className="block"><p className="muted">{t('console.detail.chartFeed')}</p></section>;
  const scope = series.scope === 'zone' ? t('alerts.wholeZone') : PARKS_BY_ID[series.scope][lang];
  return (
    <section className="block">
      <h3>{t('console.detail.chart', { metric: metricLabel(series.metric, locale, t), scope })}</h3>
      {series.kind === 'ok' ? (
        series.points.some((p) => p.v !== 0)
          ? <ContextChart points={series.points} firedAt={firedAt} unit={metricUnit(series.metric)} severity={severity} locale={locale} />
          : <p className="muted">{t('console.detail.chartEmpty')}</p>
      ) : (
        <p className="muted">{series.kind === 'loading' ? t('console.list.loading') : t('console.detail.chartError')}</p>
      )}
    </section>
  );
}
