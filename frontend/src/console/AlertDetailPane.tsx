// The alerts tab's right side: "choose an alert", why the chosen one cannot be shown, loading, or
// the alert in full, with the silence form above it while one is being prepared.
import { useTranslation } from 'react-i18next';
import type { Locale, Rule } from '@torch/shared';
import { AlertDetail } from './AlertDetail.tsx';
import { SilenceForm } from './SilenceForm.tsx';
import type { AlertSelection } from './useAlertSelection.ts';
import type { SeriesState } from './useContextSeries.ts';

export interface AlertDetailPaneProps {
  selectedId: string | null;
  selection: AlertSelection;
  series: SeriesState;
  rules: ReadonlyMap<string, Rule>;
  rulesLoaded: boolean;
  canAct: boolean;
  canSilence: boolean;
  canReplay?: boolean;
  canAudit: boolean;
  onBack: () => void;
  locale: Locale;
}

export function AlertDetailPane({ selectedId, selection, rules, locale, onBack, ...p }: AlertDetailPaneProps) {
  const { t } = useTranslation();
  const { detail, error, silencing } = selection;
  let body;
  if (!selectedId) body = <div className="detail-empty">{t('console.detail.choose')}</div>;
  else if (error) {
    body = (
      <div className="detail-empty">
        <button type="button" className="btn ghost back" onClick={onBack}>‹ {t('console.detail.back')}</button>
        <div className="notice-box error" role="alert" data-testid="detail-error">{error}</div>
      </div>
    );
  } else if (!detail) body = <div className="detail-empty">{t('console.list.loading')}</div>;
  else {
    body = (
      <>
        {silencing ? (
          <div className="silence-inline">
            <SilenceForm rules={[...rules.values()]} initial={silencing} locale={locale} onSubmit={selection.createSilence} onCancel={selection.cancelSilence} />
          </div>
        ) : null}
        {/* keyed: a comment typed for one alert must not carry over to the next */}
        <AlertDetail
          key={detail.alert.id} detail={detail} rule={rules.get(detail.alert.rule.id)} rulesLoaded={p.rulesLoaded} series={p.series}
          canAct={p.canAct} canSilence={p.canSilence} canReplay={p.canReplay} canAudit={p.canAudit}
          notice={selection.notice} onAck={selection.ack} onSilence={selection.startSilence} onBack={onBack} locale={locale}
        />
      </>
    );
  }
  return <div className="detail-pane">{body}</div>;
}
