// The alert's facts and labels, each as a term and its value read for a person.
import { useTranslation } from 'react-i18next';
import type { Locale } from '@torch/shared';
import type { ValueUnit } from '../alerts/describe.ts';
import { factName, factText, labelName, labelText, sortedFacts } from './facts.ts';

export function DetailFacts({ detail, unit, locale }: { detail: Record<string, string | number>; unit: ValueUnit; locale: Locale }) {
  const { t } = useTranslation();
  const facts = sortedFacts(detail);
  if (facts.length === 0) return null;
  return (
    <section className="block">
      <h3>{t('console.detail.facts')}</h3>
      <dl className="facts" data-testid="detail-facts">
        {facts.map(([k, v]) => (
          <div key={k}><dt>{factName(k, t)}</dt><dd className={typeof v === 'number' ? 'num' : ''}>{factText(k, v, unit, locale, t)}</dd></div>
        ))}
      </dl>
    </section>
  );
}

export function DetailLabels({ labels, locale }: { labels: Record<string, string>; locale: Locale }) {
  const { t } = useTranslation();
  const lang = locale === 'en' ? 'en' : 'zh';
  return (
    <section className="block">
      <h3>{t('console.detail.labels')}</h3>
      <div className="labels">
        {Object.entries(labels).map(([k, v]) => (
          <span className="label-chip" key={k}><span className="k">{labelName(k, t)}</span>{labelText(k, v, lang)}</span>
        ))}
      </div>
    </section>
  );
}
