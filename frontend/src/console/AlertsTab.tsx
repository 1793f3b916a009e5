// The list and the detail side by side (stacked on a narrow tablet). The list follows the filters
// and refetches when the gateway says alerts changed; the open alert reloads when it is among them.
// The state lives in three hooks (the list, the open alert, its context chart); the panes show it.
import { useTranslation } from 'react-i18next';
import type { Locale, Rule } from '@torch/shared';
import type { AlertsApi } from './api.ts';
import { AlertDetailPane } from './AlertDetailPane.tsx';
import { AlertListPane } from './AlertListPane.tsx';
import { useAlertList } from './useAlertList.ts';
import { type LiveChanges, useAlertSelection } from './useAlertSelection.ts';
import { useContextSeries } from './useContextSeries.ts';

export type { LiveChanges } from './useAlertSelection.ts';

export function AlertsTab(props: {
  api: AlertsApi;
  rules: ReadonlyMap<string, Rule>;
  rulesLoaded: boolean;
  canAct: boolean;
  canSilence: boolean;
  canReplay?: boolean;
  canAudit: boolean;
  locale: Locale;
  live: LiveChanges;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const { api, locale, selectedId, live, rules } = props;
  const lang = locale === 'en' ? 'en' : 'zh';
  const list = useAlertList(api, live.tick, t, lang);
  const selection = useAlertSelection(api, selectedId, live, t, lang);
  const alert = selection.detail?.alert ?? null;
  const series = useContextSeries(api, alert, alert ? rules.get(alert.rule.id) : undefined);

  return (
    <div className={`alerts-tab${selectedId ? ' has-selection' : ''}`} data-testid="alerts-tab">
      <AlertListPane list={list} selectedId={selectedId} onSelect={props.onSelect} rules={rules} locale={locale} />
      <AlertDetailPane
        selectedId={selectedId} selection={selection} series={series} rules={rules} rulesLoaded={props.rulesLoaded}
        canAct={props.canAct} canSilence={props.canSilence} canReplay={props.canReplay} canAudit={props.canAudit}
        onBack={() => props.onSelect(null)} locale={locale}
      />
    </div>
  );
}
