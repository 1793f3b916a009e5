// The top of an alert: what and where (severity, status, silenced, name, place, kind), then the
// numbers that fired it (value against threshold) and when it fired, began and resolved.
import { useTranslation } from 'react-i18next';
import type { AlertDetailResponse, Locale, Rule } from '@torch/shared';
import { alertName, alertPlace, formatValue, valueUnit, valueVsThreshold } from '../alerts/describe.ts';
import { fullDateTime } from '../format/index.ts';
import { SeverityChip, SilencedChip, StatusChip } from './Chips.tsx';

type Alert = AlertDetailResponse['alert'];

export function DetailHeader({ alert: a, locale }: { alert: Alert; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <header className="detail-head">
      <div className="chips">
        <SeverityChip severity={a.rule.severity} />
        <StatusChip status={a.status} />
        {a.silenced ? <SilencedChip /> : null}
      </div>
      <h2 data-testid="detail-title">{alertName(a, locale)}</h2>
      <div className="sub">{alertPlace(a, locale, t)} · {t(`alerts.kind.${a.rule.kind}`)}</div>
    </header>
  );
}

export function DetailFigures({ alert: a, rule, locale }: { alert: Alert; rule: Rule | undefined; locale: Locale }) {
  const { t } = useTranslation();
  const vt = valueVsThreshold(a, locale, t, rule);
  const unit = valueUnit(a, rule);
  return (
    <>
      <section className="figures">
        <div className="fig"><span className="k">{t('console.detail.value')}</span><b className="num" data-testid="detail-value">{vt.value}</b></div>
        <div className="op">{vt.op}</div>
        <div className="fig"><span className="k">{t('console.detail.threshold')}</span><b className="num threshold">{vt.threshold}</b></div>
      </section>
      <dl className="times">
        <div><dt>{t('console.detail.firedAt')}</dt><dd className="num">{fullDateTime(a.firedAt)}</dd></div>
        {a.since !== a.firedAt ? <div><dt>{t('console.detail.since')}</dt><dd className="num">{fullDateTime(a.since)}</dd></div> : null}
        {a.resolvedAt !== null ? (
          <div><dt>{t('console.detail.resolvedAt')}</dt><dd className="num">{fullDateTime(a.resolvedAt)}{a.resolvedValue !== null ? ` · ${t('console.detail.resolvedValue')} ${formatValue(a.resolvedValue, unit, locale, t)}` : ''}</dd></div>
        ) : null}
      </dl>
    </>
  );
}
