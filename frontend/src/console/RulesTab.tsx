// The rules in force and whether the file loaded. A refused file is shown first and in red: the
// gateway keeps the last good rules, and someone must know the edit did not take.
import { useTranslation } from 'react-i18next';
import type { Locale } from '@torch/shared';
import { ruleCondition, ruleQualifiers } from '../alerts/ruleText.ts';
import { fullDateTime } from '../format/index.ts';
import type { RulesResponse } from './api.ts';
import { SeverityChip } from './Chips.tsx';

export function RulesTab({ data, error, locale }: { data: RulesResponse | null; error: string | null; locale: Locale }) {
  const { t } = useTranslation();
  const lang = locale === 'en' ? 'en' : 'zh';
  if (error) return <div className="tab-page"><div className="notice-box error" role="alert">{error}</div></div>;
  if (!data) return <div className="tab-page"><p className="muted">{t('console.list.loading')}</p></div>;
  const st = data.status;
  return (
    <div className="tab-page rules" data-testid="rules-tab">
      {st.errors ? (
        <div className="rules-refused" role="alert" data-testid="rules-errors">
          <h3>{t('console.rules.refused')}</h3>
          <ul>{st.errors.map((e, i) => <li key={i}><code>{e}</code></li>)}</ul>
        </div>
      ) : null}
      <dl className="rules-status">
        <div><dt>{t('console.rules.file')}</dt><dd><code>{st.file}</code></dd></div>
        <div><dt>{t('console.rules.loadedAt')}</dt><dd className="num">{st.loadedAt ? fullDateTime(st.loadedAt) : t('console.rules.never')}</dd></div>
        <div><dt>{t('console.rules.count')}</dt><dd className="num">{data.rules.length}</dd></div>
        {!st.errors ? <div className="ok"><dt /><dd>✓ {t('console.rules.ok')}</dd></div> : null}
      </dl>
      <ul className="rule-list">
        {data.rules.map((r) => (
          <li key={r.id} className={`rule ${r.severity}${r.enabled ? '' : ' disabled'}`} data-testid="rule-item">
            <div className="top">
              <SeverityChip severity={r.severity} />
              <span className="name">{r.name[lang]}</span>
              <code className="id">{r.id}</code>
            </div>
            <div className="condition">{ruleCondition(r, locale, t)}</div>
            <div className="qualifiers muted">{[t(`alerts.kind.${r.kind}`), ...ruleQualifiers(r, locale, t)].join(' · ')}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
