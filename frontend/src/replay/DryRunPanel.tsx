// "What would have fired": a draft rule file (the YAML of backend/rules/alert-rules.yaml) run over
// the page's period by the gateway (POST /api/replay/dry-run), for tuning thresholds. The result is
// what the draft would have raised: how many, each with its severity, place, time, value against
// threshold and resolution, and beside it how many fired live in the same period. Nothing is
// notified or stored. A refused draft shows the gateway's message, which names the rule and field.
// The panel stays mounted while hidden, so the draft and the last result survive closing it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, PARKS_BY_ID, SOURCE_NAMES } from '@torch/shared';
import { SEVERITY_COLORS, parkOf, sourceOf, valueVsThreshold } from '../alerts/describe.ts';
import { type DryRunResult, type ReplayApi, ReplayApiError, replayErrorText, retentionOf } from './api.ts';
import { type DraftAlert, draftProblems, namedRules, ruleOffset, rulesFileText, summarise } from './dryRun.ts';
import { type Range, dateTime } from './time.ts';

/** The tab's draft, kept across reloads. */
export const DRAFT_STORAGE_KEY = 'torch.replay.draft';
/** Rows listed at most (the count above says how many there are). */
export const MAX_ROWS = 300;
/** The gateway's limit on a draft's size. */
const MAX_DRAFT_CHARS = 200_000;

export interface LiveCount {
  /** The period the live alerts were fetched for. */
  range: Range;
  count: number;
  /** The list was cut at the page's limit: there may be more. */
  capped: boolean;
}

export interface DryRunPanelProps {
  api: Pick<ReplayApi, 'dryRun' | 'rulesInForce'>;
  /** The page's period: the open session's, else the inputs' (null while they are not a valid range). */
  range: Range | null;
  /** Why there is no period, in the page's language. */
  rangeProblem: string | null;
  /** The alerts that fired live, counted for the period they were fetched for; null when not known. */
  live: LiveCount | null;
  locale: Locale;
  open: boolean;
  onClose: () => void;
  /** Move the page's period to the earliest start the gateway named. */
  onUseEarliest?: (earliest: number) => void;
}

interface Ran {
  range: Range;
  draft: string;
  data: DryRunResult;
}

const sameRange = (a: Range | null, b: Range | null) => !!a && !!b && a.from === b.from && a.to === b.to;

export function DryRunPanel(p: DryRunPanelProps) {
  const { t } = useTranslation();
  const lang = p.locale === 'en' ? 'en' : 'zh';
  const [draft, setDraft] = useState(() => localStorage.getItem(DRAFT_STORAGE_KEY) ?? '');
  const [ran, setRan] = useState<Ran | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [armed, setArmed] = useState(false);
  const run = useRef(0);
  const text = useRef<HTMLTextAreaElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Keep the draft for the next visit, once typing rests.
  useEffect(() => {
    const timer = setTimeout(() => (draft ? localStorage.setItem(DRAFT_STORAGE_KEY, draft) : localStorage.removeItem(DRAFT_STORAGE_KEY)), 400);
    return () => clearTimeout(timer);
  }, [draft]);
  // Opening moves the focus into the panel (not into the text: a tablet would raise its keyboard).
  useEffect(() => {
    if (p.open) heading.current?.focus();
  }, [p.open]);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 4000);
    return () => clearTimeout(timer);
  }, [armed]);
  useEffect(() => () => void (run.current = -1), []);

  const canRun = !busy && p.range !== null && draft.trim() !== '';
  const start = useCallback(() => {
    if (!p.range || !draft.trim() || busy) return;
    const range = { ...p.range };
    const mine = ++run.current;
    setBusy(true);
    setError(null);
    p.api.dryRun({ from: range.from, to: range.to, rules: draft }).then(
      (data) => {
        if (run.current !== mine) return;
        setRan({ range, draft, data });
      },
      (e: unknown) => {
        if (run.current !== mine) return;
        setError(e);
      },
    ).finally(() => run.current === mine && setBusy(false));
  }, [p.range, p.api, draft, busy]);

  const loadRulesInForce = async () => {
    if (draft.trim() && !armed) return setArmed(true);
    setArmed(false);
    setLoading(true);
    setError(null);
    try {
      setDraft(await rulesFileText(await p.api.rulesInForce()));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  /** Select a named rule's `id:` line in the draft and bring it into view. */
  const showRule = (id: string) => {
    const el = text.current;
    const at = ruleOffset(draft, id);
    if (!el || at < 0) return;
    const end = draft.indexOf('\n', at);
    el.focus();
    el.setSelectionRange(at, end < 0 ? draft.length : end);
    const line = draft.slice(0, at).split('\n').length - 1;
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (line - 2) * lineHeight);
  };

  const summary = useMemo(() => (ran ? summarise(ran.data.transitions) : null), [ran]);
  const stale = ran !== null && (ran.draft !== draft || !sameRange(ran.range, p.range));
  // A draft the gateway refused (its message names the rule and field), as opposed to a bad period.
  const refused = error instanceof ReplayApiError && error.code === 'BAD_REQUEST' && (error.field === 'rules' || error.message.startsWith('rules:')) ? error.message : null;
  const earliest = error instanceof ReplayApiError && error.code === 'OUT_OF_RETENTION' ? retentionOf(error.message).earliestStart : null;
  const live = ran && p.live && sameRange(p.live.range, ran.range) ? p.live : null;

  return (
    <section
      className="rp-dryrun" id="rp-dryrun" hidden={!p.open} aria-labelledby="rp-dryrun-title" data-testid="dryrun"
      onKeyDown={(e) => {
        if (e.key === 'Escape') p.onClose();
      }}
    >
      <header className="rp-dr-head">
        <h2 id="rp-dryrun-title" ref={heading} tabIndex={-1}>{t('replayPage.dryRun.title')}</h2>
        <span className="rp-hint">{t('replayPage.dryRun.subtitle')}</span>
        <span className="rp-spacer" />
        <button type="button" className="rp-btn small" onClick={p.onClose} data-testid="dryrun-close">{t('replayPage.dryRun.close')}</button>
      </header>
      <p className="rp-dr-safe" data-testid="dryrun-safe">{t('replayPage.dryRun.safe')}</p>
      <div className="rp-dr-body">
        <div className="rp-dr-draft">
          <label htmlFor="rp-dryrun-text">{t('replayPage.dryRun.draft')}</label>
          <textarea
            id="rp-dryrun-text" ref={text} className="rp-dr-text" value={draft} maxLength={MAX_DRAFT_CHARS}
            placeholder={t('replayPage.dryRun.placeholder')} spellCheck={false} autoCapitalize="off" autoCorrect="off" autoComplete="off" wrap="off"
            aria-invalid={refused !== null} aria-describedby={refused !== null ? 'rp-dryrun-problems' : undefined}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                start();
              }
            }}
            data-testid="dryrun-draft"
          />
          <div className="rp-dr-bar">
            <button type="button" className={`rp-btn${armed ? ' warn' : ''}`} onClick={() => void loadRulesInForce()} onBlur={() => setArmed(false)} disabled={loading || busy} data-testid="dryrun-load">
              {loading ? t('replayPage.dryRun.loadingRules') : armed ? t('replayPage.dryRun.confirmReplace') : t('replayPage.dryRun.fromLive')}
            </button>
            <span className="rp-spacer" />
            <span className={`rp-dr-period${p.range ? '' : ' problem'}`} data-testid="dryrun-period">
              {p.range ? t('replayPage.dryRun.period', { from: dateTime(p.range.from), to: dateTime(p.range.to) }) : (p.rangeProblem ?? t('replayPage.dryRun.noPeriod'))}
            </span>
          </div>
          <button type="button" className="rp-btn primary wide" onClick={start} disabled={!canRun} aria-busy={busy} data-testid="dryrun-run" title={t('replayPage.dryRun.shortcut')}>
            {busy ? <><span className="rp-spinner" aria-hidden />{t('replayPage.dryRun.running')}</> : t('replayPage.dryRun.run')}
          </button>
          {!draft.trim() && !busy ? <span className="rp-hint rp-dr-need">{t('replayPage.dryRun.needDraft')}</span> : null}
        </div>

        <div className="rp-dr-result" aria-live="polite" aria-busy={busy} data-testid="dryrun-result" data-state={busy ? 'busy' : error ? 'error' : ran ? 'done' : 'idle'}>
          {refused !== null ? (
            <div className="rp-dr-refused" role="alert" id="rp-dryrun-problems" data-testid="dryrun-refused">
              <strong>{t('replayPage.dryRun.invalid')}</strong>
              <ul>
                {draftProblems(refused).map((m, i) => {
                  const id = namedRules(m)[0];
                  return (
                    <li key={i}>
                      <code>{m}</code>
                      {id && ruleOffset(draft, id) >= 0 ? <button type="button" className="rp-btn small" onClick={() => showRule(id)} data-testid="dryrun-show-rule">{t('replayPage.dryRun.showRule')}</button> : null}
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : error ? (
            <div className="rp-error" role="alert" data-testid="dryrun-error">
              <span>{replayErrorText(error, t, lang)}</span>
              {earliest !== null && p.onUseEarliest ? (
                <button type="button" className="rp-btn small" onClick={() => { p.onUseEarliest!(earliest); setError(null); }} data-testid="dryrun-use-earliest">{t('replayPage.range.useEarliest')}</button>
              ) : null}
            </div>
          ) : null}
          {ran && summary && refused === null ? (
            <Result ran={ran} summary={summary} live={live} stale={stale} locale={p.locale} />
          ) : !error && !busy ? (
            <p className="rp-empty">{t('replayPage.dryRun.idle')}</p>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function Result({ ran, summary, live, stale, locale }: { ran: Ran; summary: ReturnType<typeof summarise>; live: LiveCount | null; stale: boolean; locale: Locale }) {
  const { t } = useTranslation();
  const n = summary.alerts.length;
  return (
    <div className={`rp-dr-outcome${stale ? ' stale' : ''}`}>
      <h3>
        {t('replayPage.dryRun.resultTitle')}
        <span className="rp-hint num">{t('replayPage.dryRun.resultPeriod', { from: dateTime(ran.range.from), to: dateTime(ran.range.to) })}</span>
      </h3>
      {stale ? <p className="rp-dr-stale" data-testid="dryrun-stale">{t('replayPage.dryRun.stale')}</p> : null}
      <div className="rp-dr-count">
        <span className="rp-dr-big num" data-testid="dryrun-count">{n}</span>
        <span className="rp-dr-count-text">
          <span>{t('replayPage.dryRun.fired')}</span>
          <span className="rp-hint">
            {t('replayPage.dryRun.resolved', { n: summary.resolved })} · {t('replayPage.dryRun.ruleCount', { n: ran.data.rules })}
          </span>
        </span>
      </div>
      {live ? (
        <p className="rp-dr-compare" data-testid="dryrun-compare">
          {t('replayPage.dryRun.compare', { live: live.capped ? `${live.count}+` : live.count, draft: n })}
        </p>
      ) : null}
      {summary.byRule.length > 1 ? (
        <div className="rp-dr-rules" role="list" aria-label={t('replayPage.dryRun.byRule')}>
          {summary.byRule.map((r) => (
            <span key={r.id} role="listitem" className="rp-chip plain" data-testid="dryrun-rule" data-rule-id={r.id}>
              <span className="rp-dot" style={{ background: SEVERITY_COLORS[r.severity] }} aria-hidden />
              {locale === 'en' ? r.name.en : r.name.zh} <span className="num">×{r.fired}</span>
            </span>
          ))}
        </div>
      ) : null}
      {n === 0 ? <p className="rp-empty" data-testid="dryrun-none">{t('replayPage.dryRun.none')}</p> : (
        <ul className="rp-dr-list">
          {summary.alerts.slice(0, MAX_ROWS).map((a) => <Row key={a.fire.id} a={a} locale={locale} />)}
          {n > MAX_ROWS ? <li className="rp-empty">{t('replayPage.dryRun.more', { n: MAX_ROWS })}</li> : null}
        </ul>
      )}
    </div>
  );
}

function Row({ a, locale }: { a: DraftAlert; locale: Locale }) {
  const { t } = useTranslation();
  const f = a.fire;
  const v = valueVsThreshold(f, locale, t);
  const park = parkOf(f);
  const source = sourceOf(f);
  const places = [
    park ? (locale === 'en' ? PARKS_BY_ID[park].shortEn : PARKS_BY_ID[park].shortZh) : null,
    source ? SOURCE_NAMES[source][locale === 'en' ? 'en' : 'zh'] : null,
  ].filter((x): x is string => x !== null);
  return (
    <li className="rp-dr-row" data-testid="dryrun-alert" data-alert-id={f.id} data-severity={f.rule.severity}>
      <span className={`rp-sevchip ${f.rule.severity}`}>{t(`alerts.severity.${f.rule.severity}`)}</span>
      <span className="rp-alert-main">
        <span className="rp-alert-name">{locale === 'en' ? f.rule.name.en : f.rule.name.zh}</span>
        <span className="rp-alert-meta">
          {places.length > 0 ? places.join(' · ') : t('alerts.wholeZone')} · <span className="num">{t('replayPage.dryRun.firedAt', { time: dateTime(f.at).slice(5) })}</span>
        </span>
        <span className="rp-alert-meta">
          <span className="num" data-testid="dryrun-value">{v.value} {v.op} {v.threshold}</span> ·{' '}
          {a.resolvedAt !== null ? <span className="num">{t('replayPage.dryRun.resolvedAt', { time: dateTime(a.resolvedAt).slice(5) })}</span> : t('replayPage.dryRun.stillFiring')}
        </span>
      </span>
    </li>
  );
}
