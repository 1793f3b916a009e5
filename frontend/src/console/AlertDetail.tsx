// One alert in full, in the order an official on duty reads it: what and where, the numbers that
// fired it, what to do (acknowledge, or silence its kind), then the rule, the context chart, the
// event's facts and labels, and everything that happened to it.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AlertDetailResponse, COUNTRIES_BY_CODE, type Locale, PARKS_BY_ID, type ParkId, type Rule,
  SOURCE_NAMES, type Source,
} from '@torch/shared';
import { alertName, alertPlace, formatValue, metricUnit, valueUnit, valueVsThreshold } from '../alerts/describe.ts';
import { metricLabel, ruleCondition, ruleQualifiers } from '../alerts/ruleText.ts';
import { fullDateTime } from '../format/index.ts';
import { SeverityChip, SilencedChip, StatusChip } from './Chips.tsx';
import { ContextChart } from './ContextChart.tsx';
import { AuditList } from './AuditList.tsx';
import type { Notice } from './selection.ts';
import type { SeriesState } from './useContextSeries.ts';

export type { SeriesState } from './useContextSeries.ts';
export type { Notice } from './selection.ts';

const COUNT_FACTS = new Set(['days', 'events', 'rejected', 'entries']);
const TIME_FACTS = new Set(['eventTs', 'lastEventTs']);
const VALUE_FACTS = new Set(['baseline', 'mean', 'sd']);
const KNOWN_FACTS = ['enterprise', 'uscc', 'eventId', 'eventTs', 'direction', 'partner', 'baseline', 'mean', 'sd', 'days', 'lastEventTs', 'events', 'rejected', 'entries'];

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
  const lang = locale === 'en' ? 'en' : 'zh';
  const vt = valueVsThreshold(a, locale, t, rule);
  const unit = valueUnit(a, rule);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSending(true);
    try {
      if (await props.onAck(comment.trim())) setComment('');
    } finally {
      setSending(false);
    }
  };

  const fact = (k: string, v: string | number): string => {
    if (TIME_FACTS.has(k) && typeof v === 'number') return fullDateTime(v);
    if (COUNT_FACTS.has(k) && typeof v === 'number') return formatValue(v, 'count', locale, t);
    if (VALUE_FACTS.has(k) && typeof v === 'number') return formatValue(v, unit === 'change' ? 'number' : unit, locale, t);
    if (k === 'direction') return t(`console.fact.${v === 'import' ? 'import' : 'export'}`);
    if (k === 'partner') return COUNTRIES_BY_CODE[String(v)]?.[lang] ?? String(v);
    return String(v);
  };
  const order = (k: string) => (KNOWN_FACTS.includes(k) ? KNOWN_FACTS.indexOf(k) : KNOWN_FACTS.length);
  const facts = Object.entries(a.detail).sort(([x], [y]) => order(x) - order(y));
  const labelText = (k: string, v: string): string => {
    if (k === 'park') return PARKS_BY_ID[v as ParkId]?.[lang] ?? v;
    if (k === 'source') return SOURCE_NAMES[v as Source]?.[lang] ?? v;
    return v;
  };

  return (
    <article className={`detail ${a.rule.severity}`} data-testid="alert-detail" data-alert-id={a.id} data-status={a.status} data-version={a.version}>
      {props.onBack ? <button type="button" className="btn ghost back" onClick={props.onBack}>‹ {t('console.detail.back')}</button> : null}
      <header className="detail-head">
        <div className="chips">
          <SeverityChip severity={a.rule.severity} />
          <StatusChip status={a.status} />
          {a.silenced ? <SilencedChip /> : null}
        </div>
        <h2 data-testid="detail-title">{alertName(a, locale)}</h2>
        <div className="sub">{alertPlace(a, locale, t)} · {t(`alerts.kind.${a.rule.kind}`)}</div>
      </header>

      {props.notice ? <div className={`notice-box ${props.notice.kind}`} role="alert" data-testid="detail-notice">{props.notice.text}</div> : null}

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

      {a.ack ? (
        <div className="acked" data-testid="detail-acked">
          <div className="who">{t('console.detail.ackedBy', { by: a.ack.by, time: fullDateTime(a.ack.at) })}</div>
          <div className="comment">{a.ack.comment || t('console.detail.noComment')}</div>
        </div>
      ) : null}

      {a.status === 'firing' ? (
        props.canAct ? (
          <form className="ack-form" onSubmit={(e) => void submit(e)} data-testid="ack-form">
            <label htmlFor="ack-comment">{t('console.ack.comment')}</label>
            <textarea
              id="ack-comment" data-testid="ack-comment" value={comment} maxLength={500} rows={3}
              placeholder={t('console.ack.placeholder')} onChange={(e) => setComment(e.target.value)}
            />
            <div className="actions">
              <button type="submit" className="btn primary" disabled={sending} data-testid="ack-submit">{sending ? t('console.ack.sending') : t('console.ack.submit')}</button>
              {props.canSilence ? <button type="button" className="btn secondary" onClick={props.onSilence} data-testid="silence-from-alert">{t('console.silence.fromAlert')}</button> : null}
            </div>
          </form>
        ) : (
          <p className="read-only">{t('console.ack.readOnly')}</p>
        )
      ) : a.status === 'acknowledged' && props.canSilence ? (
        <div className="actions"><button type="button" className="btn secondary" onClick={props.onSilence} data-testid="silence-from-alert">{t('console.silence.fromAlert')}</button></div>
      ) : null}

      {props.canReplay ? (
        <div className="actions">
          <a className="btn secondary" href={`/replay?at=${a.firedAt - 5 * 60_000}&to=${a.firedAt + 25 * 60_000}`} data-testid="replay-from-alert">{t('console.detail.replayFrom')}</a>
        </div>
      ) : null}

      <section className="block">
        <h3>{t('console.detail.params')}</h3>
        {rule ? (
          <>
            <p className="condition" data-testid="detail-condition">{ruleCondition(rule, locale, t)}</p>
            <p className="qualifiers">{[t(`alerts.kind.${rule.kind}`), ...ruleQualifiers(rule, locale, t)].join(' · ')}</p>
          </>
        ) : (
          <p className="muted">{props.rulesLoaded ? t('console.detail.ruleGone') : t('console.list.loading')}</p>
        )}
      </section>

      <section className="block">
        {props.series.kind === 'none' ? (
          <p className="muted">{t('console.detail.chartFeed')}</p>
        ) : (
          <>
            <h3>
              {t('console.detail.chart', {
                metric: metricLabel(props.series.metric, locale, t),
                scope: props.series.scope === 'zone' ? t('alerts.wholeZone') : PARKS_BY_ID[props.series.scope][lang],
              })}
            </h3>
            {props.series.kind === 'ok' ? (
              props.series.points.some((p) => p.v !== 0)
                ? <ContextChart points={props.series.points} firedAt={a.firedAt} unit={metricUnit(props.series.metric)} severity={a.rule.severity} locale={locale} />
                : <p className="muted">{t('console.detail.chartEmpty')}</p>
            ) : (
              <p className="muted">{props.series.kind === 'loading' ? t('console.list.loading') : t('console.detail.chartError')}</p>
            )}
          </>
        )}
      </section>

      {facts.length > 0 ? (
        <section className="block">
          <h3>{t('console.detail.facts')}</h3>
          <dl className="facts" data-testid="detail-facts">
            {facts.map(([k, v]) => (
              <div key={k}><dt>{KNOWN_FACTS.includes(k) ? t(`console.fact.${k}`) : k}</dt><dd className={typeof v === 'number' ? 'num' : ''}>{fact(k, v)}</dd></div>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="block">
        <h3>{t('console.detail.labels')}</h3>
        <div className="labels">
          {Object.entries(a.labels).map(([k, v]) => (
            <span className="label-chip" key={k}><span className="k">{(['park', 'source', 'chain', 'event'] as const).includes(k as 'park') ? t(`console.label.${k}`) : k}</span>{labelText(k, v)}</span>
          ))}
        </div>
      </section>

      <section className="block">
        <h3>{t('console.detail.audit')}</h3>
        {props.canAudit
          ? detail.audit.length > 0 ? <AuditList items={detail.audit} locale={locale} /> : <p className="muted">{t('console.detail.auditNone')}</p>
          : <p className="muted">{t('console.detail.auditHidden')}</p>}
      </section>

      <footer className="detail-id"><span>{t('console.detail.id')}</span><code>{a.id}</code></footer>
    </article>
  );
}
