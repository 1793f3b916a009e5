// A silence for a known issue: what it matches (prefilled from the alert it was opened from), for
// how long, and why. The gateway refuses a silence of everything; so does this form, before asking.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, type Matchers, PARKS, SEVERITIES, SOURCES, SOURCE_NAMES, type SilenceRequest, type Rule } from '@torch/shared';
import { shortDateTime } from '../format/index.ts';

export const SILENCE_HOURS = [1, 4, 24] as const;

export function SilenceForm(props: {
  rules: readonly Rule[];
  initial: Matchers;
  locale: Locale;
  onSubmit: (req: SilenceRequest) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = props;
  const lang = locale === 'en' ? 'en' : 'zh';
  const [m, setM] = useState<Matchers>(props.initial);
  const [hours, setHours] = useState<number>(4);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const set = <K extends keyof Matchers>(k: K, v: string) => setM((x) => {
    const next = { ...x };
    if (v) (next as Record<string, string>)[k] = v;
    else delete next[k];
    return next;
  });
  const until = Date.now() + hours * 3_600_000;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const matchers = Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined && v !== '')) as Matchers;
    if (Object.keys(matchers).length === 0) return setProblem(t('console.silence.needMatcher'));
    if (!reason.trim()) return setProblem(t('console.silence.needReason'));
    setProblem(null);
    setSending(true);
    try {
      await props.onSubmit({ matchers, endsAt: Date.now() + hours * 3_600_000, comment: reason.trim() });
    } finally {
      setSending(false);
    }
  };

  // A rule no longer in the file can still be matched (its open alerts carry its id).
  const ruleIds = new Set(props.rules.map((r) => r.id));
  return (
    <form className="silence-form" onSubmit={(e) => void submit(e)} data-testid="silence-form">
      <h3>{t('console.silence.new')}</h3>
      <p className="muted">{t('console.silence.explain')}</p>
      <div className="grid">
        <label>
          <span>{t('console.silence.rule')}</span>
          <select value={m.ruleId ?? ''} onChange={(e) => set('ruleId', e.target.value)} data-testid="silence-rule">
            <option value="">{t('console.silence.any')}</option>
            {m.ruleId && !ruleIds.has(m.ruleId) ? <option value={m.ruleId}>{m.ruleId}</option> : null}
            {props.rules.map((r) => <option key={r.id} value={r.id}>{r.name[lang]}</option>)}
          </select>
        </label>
        <label>
          <span>{t('console.silence.park')}</span>
          <select value={m.park ?? ''} onChange={(e) => set('park', e.target.value)} data-testid="silence-park">
            <option value="">{t('console.silence.any')}</option>
            {PARKS.map((p) => <option key={p.id} value={p.id}>{locale === 'en' ? p.shortEn : p.shortZh}</option>)}
          </select>
        </label>
        <label>
          <span>{t('console.silence.source')}</span>
          <select value={m.source ?? ''} onChange={(e) => set('source', e.target.value)} data-testid="silence-source">
            <option value="">{t('console.silence.any')}</option>
            {SOURCES.map((s) => <option key={s} value={s}>{SOURCE_NAMES[s][lang]}</option>)}
          </select>
        </label>
        <label>
          <span>{t('console.silence.severity')}</span>
          <select value={m.severity ?? ''} onChange={(e) => set('severity', e.target.value)} data-testid="silence-severity">
            <option value="">{t('console.silence.any')}</option>
            {SEVERITIES.map((s) => <option key={s} value={s}>{t(`alerts.severity.${s}`)}</option>)}
          </select>
        </label>
      </div>
      <div className="field">
        <span className="k">{t('console.silence.duration')}</span>
        <div className="segmented" role="radiogroup" aria-label={t('console.silence.duration')}>
          {SILENCE_HOURS.map((h) => (
            <button key={h} type="button" role="radio" aria-checked={hours === h} className={hours === h ? 'on' : ''} onClick={() => setHours(h)} data-testid={`silence-hours-${h}`}>
              {t('console.silence.hours', { n: h })}
            </button>
          ))}
        </div>
        <span className="muted num">{t('console.silence.until', { time: shortDateTime(until) })}</span>
      </div>
      <label className="field block">
        <span className="k">{t('console.silence.reason')}</span>
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={2} placeholder={t('console.silence.reasonPlaceholder')} data-testid="silence-reason" />
      </label>
      {problem ? <div className="notice-box error" role="alert">{problem}</div> : null}
      <div className="actions">
        <button type="submit" className="btn primary" disabled={sending} data-testid="silence-submit">{sending ? t('console.silence.creating') : t('console.silence.create')}</button>
        <button type="button" className="btn ghost" onClick={props.onCancel}>{t('console.silence.cancel')}</button>
      </div>
    </form>
  );
}
