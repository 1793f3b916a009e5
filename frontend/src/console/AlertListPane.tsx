// The alerts tab's left side: the filters (with the CSV export), how many match, what went wrong,
// and the rows to choose from.
import { useTranslation } from 'react-i18next';
import type { Locale, Rule } from '@torch/shared';
import { AlertFilters } from './AlertFilters.tsx';
import { AlertList } from './AlertList.tsx';
import type { AlertListState } from './useAlertList.ts';

export function AlertListPane({ list, selectedId, onSelect, rules, locale }: {
  list: AlertListState;
  selectedId: string | null;
  onSelect: (id: string) => void;
  rules: ReadonlyMap<string, Rule>;
  locale: Locale;
}) {
  const { t } = useTranslation();
  return (
    <div className="list-pane">
      <AlertFilters value={list.filters} onChange={list.setFilters} onExport={() => void list.exportCsv()} exporting={list.exporting} locale={locale} />
      <div className="list-status">
        <span className="num">{list.items ? t('console.list.count', { n: list.items.length }) : ''}</span>
      </div>
      {list.error ? <div className="notice-box error" role="alert">{list.error}</div> : null}
      <AlertList items={list.items} selectedId={selectedId} onSelect={onSelect} rules={rules} locale={locale} />
    </div>
  );
}
