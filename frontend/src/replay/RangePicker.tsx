// Choosing what to replay: from and to as Shanghai date-times (native inputs, which tablets show as
// their own pickers), quick choices, "five minutes before an alert", and an optional focus on parks
// and sources. Errors (a range the streams no longer hold, too many sessions) in the page's language.
// Beside "start replay", the toggle of the "what would have fired" panel, which runs over this period.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, PARKS, type ParkId, SOURCES, SOURCE_NAMES, type Source } from '@torch/shared';
import { SEVERITY_COLORS, alertName, alertPlace } from '../alerts/describe.ts';
import type { LiveAlert } from './api.ts';
import type { AlertSpan } from './state.ts';
import { QUICK_RANGES, type QuickRange, dateTime, fromInputValue, longDateTime } from './time.ts';

export interface RangePickerProps {
  fromText: string;
  toText: string;
  onFrom: (v: string) => void;
  onTo: (v: string) => void;
  onQuick: (q: QuickRange) => void;
  recentAlerts: readonly LiveAlert[] | null;
  onBeforeAlert: (a: LiveAlert) => void;
  parks: readonly ParkId[];
  sources: readonly Source[];
  onParks: (p: ParkId[]) => void;
  onSources: (s: Source[]) => void;
  onOpen: () => void;
  opening: boolean;
  /** A problem with the inputs or the gateway's answer, already in the page's language. */
  problem: string | null;
  /** The earliest start the gateway named, to offer it. */
  earliest: number | null;
  onUseEarliest: () => void;
  /** A session is open (the button then reads "replay this period"). */
  hasSession: boolean;
  /** "What would have fired": the dry-run panel's toggle, beside the open button. */
  dryRunOpen?: boolean;
  onDryRun?: () => void;
  locale: Locale;
}

function toggle<T>(list: readonly T[], x: T): T[] {
  return list.includes(x) ? list.filter((y) => y !== x) : [...list, x];
}

export const RangePicker = memo(function RangePicker(p: RangePickerProps) {
  const { t } = useTranslation();
  const lang = p.locale === 'en' ? 'en' : 'zh';
  return (
    <section className="rp-card rp-picker" data-testid="range-picker">
      <h2>{t('replayPage.range.title')}<span className="rp-hint">{t('replayPage.range.zone')}</span></h2>
      <div className="rp-fields">
        <label>
          <span>{t('replayPage.range.from')}</span>
          <input type="datetime-local" lang={p.locale} value={p.fromText} onChange={(e) => p.onFrom(e.target.value)} data-testid="range-from" />
          <Echo text={p.fromText} locale={p.locale} testId="range-from-text" />
        </label>
        <label>
          <span>{t('replayPage.range.to')}</span>
          <input type="datetime-local" lang={p.locale} value={p.toText} onChange={(e) => p.onTo(e.target.value)} data-testid="range-to" />
          <Echo text={p.toText} locale={p.locale} testId="range-to-text" />
        </label>
      </div>
      <div className="rp-quick" role="group" aria-label={t('replayPage.range.quick')}>
        {QUICK_RANGES.map((q) => (
          <button key={q} type="button" className="rp-btn small" onClick={() => p.onQuick(q)} data-testid={`quick-${q}`}>{t(`replayPage.range.${q}`)}</button>
        ))}
      </div>
      <label className="rp-before-alert">
        <span>{t('replayPage.range.beforeAlert')}</span>
        <select
          value=""
          onChange={(e) => {
            const a = p.recentAlerts?.find((x) => x.id === e.target.value);
            if (a) p.onBeforeAlert(a);
          }}
          disabled={!p.recentAlerts || p.recentAlerts.length === 0}
          data-testid="before-alert"
          aria-describedby="rp-before-alert-hint"
        >
          <option value="">{p.recentAlerts && p.recentAlerts.length === 0 ? t('replayPage.range.noAlerts') : t('replayPage.range.beforeAlertHint')}</option>
          {(p.recentAlerts ?? []).map((a) => (
            <option key={a.id} value={a.id}>{`${dateTime(a.firedAt).slice(5)} · ${alertName(a, p.locale)} · ${alertPlace(a, p.locale, t, true)}`}</option>
          ))}
        </select>
      </label>
      <details className="rp-focus">
        <summary>{t('replayPage.range.parks')} · {t('replayPage.range.sources')}</summary>
        <div className="rp-toggles" role="group" aria-label={t('replayPage.range.parks')}>
          {PARKS.map((park) => (
            <button key={park.id} type="button" aria-pressed={p.parks.includes(park.id)} className={`rp-toggle${p.parks.includes(park.id) ? ' on' : ''}`} onClick={() => p.onParks(toggle(p.parks, park.id))} data-testid={`focus-park-${park.id}`}>
              {lang === 'en' ? park.shortEn : park.shortZh}
            </button>
          ))}
        </div>
        <div className="rp-toggles" role="group" aria-label={t('replayPage.range.sources')}>
          {SOURCES.map((s) => (
            <button key={s} type="button" aria-pressed={p.sources.includes(s)} className={`rp-toggle${p.sources.includes(s) ? ' on' : ''}`} onClick={() => p.onSources(toggle(p.sources, s))} data-testid={`focus-source-${s}`}>
              {SOURCE_NAMES[s][lang]}
            </button>
          ))}
        </div>
      </details>
      <div className="rp-actions">
        <button type="button" className="rp-btn primary" onClick={p.onOpen} disabled={p.opening} data-testid="range-open">
          {p.opening ? t('replayPage.range.opening') : p.hasSession ? t('replayPage.range.reopen') : t('replayPage.range.open')}
        </button>
        {p.onDryRun ? (
          <button type="button" id="rp-dryrun-toggle" className={`rp-btn dry${p.dryRunOpen ? ' on' : ''}`} onClick={p.onDryRun} aria-expanded={!!p.dryRunOpen} aria-controls="rp-dryrun" data-testid="dryrun-toggle">
            {t('replayPage.dryRun.toggle')}
          </button>
        ) : null}
      </div>
      {p.problem ? (
        <div className="rp-error" role="alert" data-testid="range-error">
          <span>{p.problem}</span>
          {p.earliest !== null ? <button type="button" className="rp-btn small" onClick={p.onUseEarliest} data-testid="use-earliest">{t('replayPage.range.useEarliest')}</button> : null}
        </div>
      ) : null}
    </section>
  );
});

/** The input's value written out in the page's language and Shanghai time (browsers format the field in their own locale). */
function Echo({ text, locale, testId }: { text: string; locale: Locale; testId: string }) {
  const ts = fromInputValue(text);
  return <span className="rp-echo" data-testid={testId}>{ts === null ? '—' : longDateTime(ts, locale)}</span>;
}

/** Every alert of the period, live and replayed, as rows to tap: the marker's text of record. */
export const AlertJumpList = memo(function AlertJumpList(props: {
  spans: readonly AlertSpan[];
  clock: number | null;
  onJump?: ((s: AlertSpan) => void) | undefined;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const rows = [...props.spans].sort((a, b) => a.firedAt - b.firedAt || (a.origin === b.origin ? 0 : a.origin === 'live' ? -1 : 1));
  return (
    <section className="rp-card rp-alerts" data-testid="alert-jumps">
      <h2>{t('replayPage.alerts.title')}<span className="rp-hint num">{rows.length}</span></h2>
      {rows.length === 0 ? <div className="rp-empty">{t('replayPage.alerts.none')}</div> : null}
      <ul>
        {rows.map((s) => {
          const resolved = s.resolvedAt !== null && (props.clock === null || s.origin === 'replay' || s.resolvedAt <= props.clock);
          return (
            <li key={`${s.origin}-${s.id}`}>
              <button type="button" className="rp-alert-row" disabled={!props.onJump} onClick={() => props.onJump?.(s)} data-testid="alert-jump" data-origin={s.origin} data-alert-id={s.id}>
                <span className="rp-sev" style={{ background: SEVERITY_COLORS[s.severity] }} aria-hidden />
                <span className="rp-alert-main">
                  <span className="rp-alert-name">{props.locale === 'en' ? s.name.en : s.name.zh}</span>
                  <span className="rp-alert-meta">
                    {alertPlace({ labels: s.labels }, props.locale, t, true)} · <span className="num">{dateTime(s.firedAt).slice(5)}</span>
                    {resolved ? <> · {t('replayPage.alerts.resolved')}</> : null}
                  </span>
                </span>
                <span className={`rp-origin ${s.origin}`}>{t(`replayPage.alerts.${s.origin}`)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
