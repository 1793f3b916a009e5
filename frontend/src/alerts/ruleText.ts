// A rule's condition in a sentence an official can check against the rules file: metric, period,
// comparison and limit in the metric's own unit, then the scope and timing qualifiers.
import type { TFunction } from 'i18next';
import {
  CHAINS, type ChainId, type Locale, type MetricId, PARKS_BY_ID, type ParkId, REGIONS, type RegionId, type Rule, SOURCE_NAMES,
  TAX_TYPE_NAMES, type TaxType,
} from '@torch/shared';
import { formatValue, metricUnit } from './describe.ts';

export function metricLabel(metric: MetricId, locale: Locale, t: TFunction): string {
  const lang = locale === 'en' ? 'en' : 'zh';
  const dot = metric.indexOf('.');
  if (dot < 0) return t(`metric.${metric}`);
  const [head, tail] = [metric.slice(0, dot), metric.slice(dot + 1)];
  if (head === 'chain') return t('metric.chain', { name: CHAINS[tail as ChainId]?.[lang] ?? tail });
  if (head === 'tax') return t('metric.taxType', { name: TAX_TYPE_NAMES[tail as TaxType]?.[lang] ?? tail });
  const region = REGIONS[tail as RegionId]?.[lang] ?? tail;
  return t(head === 'exports' ? 'metric.exportsTo' : 'metric.importsFrom', { name: region });
}

function scopeText(scope: 'zone' | 'each-park' | ParkId, locale: Locale, t: TFunction): string {
  if (scope === 'zone') return t('alerts.wholeZone');
  if (scope === 'each-park') return t('rule.eachPark');
  return locale === 'en' ? PARKS_BY_ID[scope].en : PARKS_BY_ID[scope].zh;
}

function sourceText(source: string, locale: Locale, t: TFunction): string {
  return source === 'each' ? t('rule.eachSource') : (SOURCE_NAMES[source as keyof typeof SOURCE_NAMES]?.[locale === 'en' ? 'en' : 'zh'] ?? source);
}

/** The condition itself, e.g. "税收入库（本月累计同比）< −15.0%". */
export function ruleCondition(rule: Rule, locale: Locale, t: TFunction): string {
  const pct = (x: number) => formatValue(x, 'percent', locale, t);
  switch (rule.kind) {
    case 'threshold': {
      const unit = rule.measure === 'value' ? metricUnit(rule.metric) : 'change';
      const below = rule.below !== undefined;
      return t('rule.threshold', {
        metric: metricLabel(rule.metric, locale, t), period: t(`rule.period.${rule.period}`), measure: t(`rule.measure.${rule.measure}`),
        op: below ? '<' : '>', limit: formatValue(below ? rule.below! : rule.above!, unit, locale, t),
      });
    }
    case 'drop':
      return t('rule.drop', {
        window: rule.window, metric: metricLabel(rule.metric, locale, t), days: rule.baselineDays, ratio: pct(rule.ratio),
        min: formatValue(rule.minBaseline, metricUnit(rule.metric), locale, t),
      });
    case 'spike':
      return t('rule.spike', {
        window: rule.window, metric: metricLabel(rule.metric, locale, t), days: rule.trailingDays, sigmas: rule.sigmas,
        min: formatValue(rule.minValue, metricUnit(rule.metric), locale, t),
      });
    case 'large-event':
      return t('rule.large', {
        event: t(`rule.event.${rule.event.replace('.', '_')}`), field: t(`rule.field.${rule.field}`),
        limit: formatValue(rule.above, rule.field === 'valueUsd' ? 'usd' : 'cny', locale, t), hold: rule.hold,
      });
    case 'feed-stale':
      return t('rule.feedStale', { source: sourceText(rule.source, locale, t), n: rule.minutes });
    case 'feed-delay':
      return t('rule.feedDelay', { source: sourceText(rule.source, locale, t), n: rule.minutes, window: rule.window, min: rule.minEvents });
    case 'rejected-rate':
      return t('rule.rejected', { source: sourceText(rule.source, locale, t), rate: pct(rule.above), window: rule.window, min: rule.minEvents });
  }
}

/** Scope, for-duration, calendar, enabled: the qualifiers after the condition. */
export function ruleQualifiers(rule: Rule, locale: Locale, t: TFunction): string[] {
  const out: string[] = [];
  if ('scope' in rule && rule.kind !== 'large-event') out.push(t('rule.scope', { scope: scopeText(rule.scope, locale, t) }));
  if (rule.for > 0) out.push(t('rule.for', { n: rule.for }));
  if (rule.calendar === 'working-hours') out.push(t('rule.workingHours'));
  if (!rule.enabled) out.push(t('rule.disabled'));
  return out;
}

/**
 * The business metric to chart around an alert, and where: the rule's metric for metric rules, the
 * trade or sales the event added to for a large event; feed rules have none.
 */
export function chartMetricOf(alert: { rule: { kind: Rule['kind'] }; labels: Record<string, string>; detail: Record<string, string | number> }, rule?: Rule): MetricId | null {
  switch (alert.rule.kind) {
    case 'threshold':
    case 'drop':
    case 'spike':
      return rule && (rule.kind === 'threshold' || rule.kind === 'drop' || rule.kind === 'spike') ? rule.metric : null;
    case 'large-event': {
      const field = rule?.kind === 'large-event' ? rule.field : alert.labels.source === 'customs' ? 'valueUsd' : 'amount';
      if (field === 'valueUsd') return alert.detail.direction === 'import' ? 'imports' : 'exports';
      if (field === 'capital') return 'capitalAdded';
      return rule?.kind === 'large-event' && rule.event === 'tax.receipt' ? 'tax' : 'sales';
    }
    default:
      return null;
  }
}
