// One alert in full, in the order an official on duty reads it: what and where, the numbers that
// fired it, what to do (acknowledge, or silence its kind), then the rule, the context chart, the
// event's facts and labels, and everything that happened to it. Each part is its own component.
import { useTranslation } from 'react-i18next';
import type { AlertDetailResponse, Locale, Rule } from '@torch/shared';
import { valueUnit } from '../alerts/describe.ts';
import { AckSection } from './AckSection.tsx';
import { DetailAudit } from './DetailAudit.tsx';
import { ContextSection, RuleParams } from './DetailContext.tsx';
import { DetailFacts, DetailLabels } from './DetailFacts.tsx';
import { DetailFigures, DetailHeader } from './DetailSummary.tsx';
import type { Notice } from './selection.ts';
import type { SeriesState } from './useContextSeries.ts';

export type { SeriesState } from './useContextSeries.ts';
export type { Notice } from './selection.ts';

/** A replay starts this long before the alert fired, and runs this long after. */
const REPLAY_BEFORE_MS = 5 * 60_000;
const REPLAY_AFTER_MS = 25 * 60_000;

export function AlertDetail(props: {
  detail: AlertDetailResponse;
  rule: Rule | undefined;
  rulesLoaded: boolean;
  series: SeriesState;
  canAct: boolean;
  canSilence: boolean;
  /** Operators and admins may open a replay of the minutes before the alert. */
  canReplay?: boolean;
  canAudit: boolean;
  notice: Notice | null;
  onAck: (comment: string) => Promise<boolean>;
  onSilence: () => void;
  onBack?: () => void;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const { detail, rule, locale } = props;
  const a = detail.alert;
  return (
    <article className={`detail ${a.rule.severity}`} data-testid="alert-detail" data-alert-id={a.id} data-status={a.status} data-version={a.version}>
      {props.onBack ? <button type="button" className="btn ghost back" onClick={props.onBack}>‹ {t('console.detail.back')}</button> : null}
      <DetailHeader alert={a} locale={locale} />
      {props.notice ? <div className={`notice-box ${props.notice.kind}`} role="alert" data-testid="detail-notice">{props.notice.text}</div> : null}
      <DetailFigures alert={a} rule={rule} locale={locale} />
      <AckSection alert={a} canAct={props.canAct} canSilence={props.canSilence} onAck={props.onAck} onSilence={props.onSilence} />
      {props.canReplay ? (
        <div className="actions">
          <a className="btn secondary" href={`/replay?at=${a.firedAt - REPLAY_BEFORE_MS}&to=${a.firedAt + REPLAY_AFTER_MS}`} data-testid="replay-from-alert">{t('console.detail.replayFrom')}</a>
        </div>
      ) : null}
      <RuleParams rule={rule} rulesLoaded={props.rulesLoaded} locale={locale} />
      <ContextSection series={props.series} firedAt={a.firedAt} severity={a.rule.severity} locale={locale} />
      <DetailFacts detail={a.detail} unit={valueUnit(a, rule)} locale={locale} />
      <DetailLabels labels={a.labels} locale={locale} />
      <DetailAudit items={detail.audit} canAudit={props.canAudit} locale={locale} />
      <footer className="detail-id"><span>{t('console.detail.id')}</span><code>{a.id}</code></footer>
    </article>
  );
}
