// Silences in force, coming and past; create one, or end one early. Only roles that may silence see
// the buttons; the gateway checks again (and audits a refusal).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, type Matchers, PARKS_BY_ID, type Rule, SOURCE_NAMES, type Silence, type SilenceRequest } from '@torch/shared';
import { shortDateTime } from '../format/index.ts';
import { useDisplayName } from '../net/userNames.tsx';
import { type AlertsApi, errorText } from './api.ts';
import { SilenceForm } from './SilenceForm.tsx';

type Phase = 'active' | 'upcoming' | 'ended';

export function silencePhase(s: Silence, now: number): Phase {
  if (s.expiredBy || s.endsAt <= now) return 'ended';
  return s.startsAt > now ? 'upcoming' : 'active';
}

export function MatcherChips({ m, rules, locale }: { m: Matchers; rules: ReadonlyMap<string, Rule>; locale: Locale }) {
  const { t } = useTranslation();
  const lang = locale === 'en' ? 'en' : 'zh';
  return (
    <span className="matchers">
      {m.ruleId ? <span className="label-chip"><span className="k">{t('console.silence.rule')}</span>{rules.get(m.ruleId)?.name[lang] ?? m.ruleId}</span> : null}
      {m.park ? <span className="label-chip"><span className="k">{t('console.silence.park')}</span>{locale === 'en' ? PARKS_BY_ID[m.park].shortEn : PARKS_BY_ID[m.park].shortZh}</span> : null}
      {m.source ? <span className="label-chip"><span className="k">{t('console.silence.source')}</span>{SOURCE_NAMES[m.source][lang]}</span> : null}
      {m.severity ? <span className="label-chip"><span className="k">{t('console.silence.severity')}</span>{t(`alerts.severity.${m.severity}`)}</span> : null}
      {m.fingerprint ? <span className="label-chip"><span className="k">{t('console.silence.fingerprint')}</span><code>{m.fingerprint}</code></span> : null}
    </span>
  );
}

export function SilencesTab(props: { api: AlertsApi; rules: ReadonlyMap<string, Rule>; canSilence: boolean; locale: Locale; tick: number }) {
  const { t } = useTranslation();
  const nameOf = useDisplayName();
  const { api, locale } = props;
  const lang = locale === 'en' ? 'en' : 'zh';
  const [items, setItems] = useState<Silence[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [armed, setArmed] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(async () => {
    try {
      const r = await api.silences();
      setItems(r.items);
      setNow(Date.now());
      setError(null);
    } catch (e) {
      setError(errorText(e, t, lang));
    }
  }, [api, t, lang]);
  useEffect(() => {
    void load();
  }, [load, props.tick]);

  const create = async (req: SilenceRequest) => {
    try {
      await api.createSilence(req);
      setCreating(false);
      await load();
      return true;
    } catch (e) {
      setError(errorText(e, t, lang));
      return false;
    }
  };
  const end = async (id: string) => {
    setBusy(id);
    try {
      await api.endSilence(id);
      setArmed(null);
      await load();
    } catch (e) {
      setError(errorText(e, t, lang));
    } finally {
      setBusy(null);
    }
  };

  const groups: Record<Phase, Silence[]> = { active: [], upcoming: [], ended: [] };
  for (const s of items ?? []) groups[silencePhase(s, now)].push(s);
  return (
    <div className="tab-page silences" data-testid="silences-tab">
      <div className="tab-head">
        <p className="muted">{t('console.silence.explain')}</p>
        {props.canSilence
          ? !creating && <button type="button" className="btn primary" onClick={() => setCreating(true)} data-testid="silence-new">{t('console.silence.new')}</button>
          : <p className="muted">{t('console.silence.readOnly')}</p>}
      </div>
      {error ? <div className="notice-box error" role="alert">{error}</div> : null}
      {creating ? <SilenceForm rules={[...props.rules.values()]} initial={{}} locale={locale} onSubmit={create} onCancel={() => setCreating(false)} /> : null}
      {items === null ? <p className="muted">{t('console.list.loading')}</p> : items.length === 0 ? <p className="muted">{t('console.silence.none')}</p> : null}
      {(['active', 'upcoming', 'ended'] as const).map((phase) => groups[phase].length > 0 ? (
        <section key={phase} className="block">
          <h3>{t(`console.silence.${phase}`)} <span className="count num">{groups[phase].length}</span></h3>
          <ul className="silence-list">
            {groups[phase].slice(0, phase === 'ended' ? 50 : undefined).map((s) => (
              <li key={s.id} className={`silence ${phase}`} data-testid="silence-item" data-phase={phase}>
                <div className="what">
                  <MatcherChips m={s.matchers} rules={props.rules} locale={locale} />
                  <div className="why">{s.comment}</div>
                  <div className="meta num">
                    {t('console.silence.window', { from: shortDateTime(s.startsAt), to: shortDateTime(s.endsAt) })} · {t('console.silence.by', { by: nameOf(s.createdBy) })}
                    {s.expiredBy ? ` · ${t('console.silence.endedBy', { by: nameOf(s.expiredBy) })}` : ''}
                  </div>
                </div>
                {props.canSilence && phase !== 'ended' ? (
                  armed === s.id ? (
                    <div className="confirm">
                      <button type="button" className="btn danger" disabled={busy === s.id} onClick={() => void end(s.id)} data-testid="silence-end-confirm">{busy === s.id ? t('console.silence.ending') : t('console.silence.end')}</button>
                      <button type="button" className="btn ghost" onClick={() => setArmed(null)}>{t('console.silence.cancel')}</button>
                    </div>
                  ) : (
                    <button type="button" className="btn secondary" onClick={() => setArmed(s.id)} data-testid="silence-end">{t('console.silence.end')}</button>
                  )
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null)}
    </div>
  );
}
