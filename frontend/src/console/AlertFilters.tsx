// The filter bar: status as large segmented buttons (the choice made most often), the rest as native
// selects, which tablets show as their own touch pickers. Export takes whatever is filtered.
import { useTranslation } from 'react-i18next';
import { type Locale, PARKS, SEVERITIES, SOURCES, SOURCE_NAMES } from '@torch/shared';
import { type AlertFilters as Filters, RANGE_FILTERS, STATUS_FILTERS } from './filters.ts';

const RANGE_KEYS = { '24h': 'last24h', '7d': 'last7d', '30d': 'last30d', all: 'all', custom: 'custom' } as const;

export function AlertFilters(props: { value: Filters; onChange: (f: Filters) => void; onExport: () => void; exporting: boolean; locale: Locale }) {
  const { t } = useTranslation();
  const { value: f, onChange, locale } = props;
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => onChange({ ...f, [k]: v });
  const lang = locale === 'en' ? 'en' : 'zh';
  return (
    <div className="filters" data-testid="alert-filters">
      <div className="segmented" role="radiogroup" aria-label={t('console.filter.status')}>
        {STATUS_FILTERS.map((s) => (
          <button key={s} type="button" role="radio" aria-checked={f.status === s} className={f.status === s ? 'on' : ''} data-testid={`filter-status-${s}`} onClick={() => set('status', s)}>
            {t(`alerts.status.${s}`)}
          </button>
        ))}
      </div>
      <div className="selects">
        <label>
          <span>{t('console.filter.severity')}</span>
          <select value={f.severity} onChange={(e) => set('severity', e.target.value as Filters['severity'])} data-testid="filter-severity">
            <option value="">{t('console.filter.any')}</option>
            {SEVERITIES.map((s) => <option key={s} value={s}>{t(`alerts.severity.${s}`)}</option>)}
          </select>
        </label>
        <label>
          <span>{t('console.filter.park')}</span>
          <select value={f.park} onChange={(e) => set('park', e.target.value as Filters['park'])} data-testid="filter-park">
            <option value="">{t('console.filter.any')}</option>
            {PARKS.map((p) => <option key={p.id} value={p.id}>{locale === 'en' ? p.shortEn : p.shortZh}</option>)}
          </select>
        </label>
        <label>
          <span>{t('console.filter.source')}</span>
          <select value={f.source} onChange={(e) => set('source', e.target.value as Filters['source'])} data-testid="filter-source">
            <option value="">{t('console.filter.any')}</option>
            {SOURCES.map((s) => <option key={s} value={s}>{SOURCE_NAMES[s][lang]}</option>)}
          </select>
        </label>
        <label>
          <span>{t('console.filter.range')}</span>
          <select value={f.range} onChange={(e) => set('range', e.target.value as Filters['range'])} data-testid="filter-range">
            {RANGE_FILTERS.map((r) => <option key={r} value={r}>{t(`console.filter.${RANGE_KEYS[r]}`)}</option>)}
          </select>
        </label>
        {f.range === 'custom' ? (
          <>
            <label>
              <span>{t('console.filter.from')}</span>
              <input type="datetime-local" value={f.from} onChange={(e) => set('from', e.target.value)} data-testid="filter-from" />
            </label>
            <label>
              <span>{t('console.filter.to')}</span>
              <input type="datetime-local" value={f.to} onChange={(e) => set('to', e.target.value)} data-testid="filter-to" />
            </label>
          </>
        ) : null}
        <button type="button" className="btn secondary export" onClick={props.onExport} disabled={props.exporting} data-testid="export-csv">
          {props.exporting ? t('console.exporting') : t('console.export')}
        </button>
      </div>
    </div>
  );
}
