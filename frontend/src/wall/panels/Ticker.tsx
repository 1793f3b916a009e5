import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, PARKS_BY_ID, type RecentRegistryEvent } from '@torch/shared';
import { money, timeOfDay } from '../../format/index.ts';
import { type Freshness, Panel } from '../Panel.tsx';

/** The four newest registrations and deregistrations (fictional names), newest first, one a line, no scrolling. */
export const Ticker = memo(function Ticker({ recent, locale, fresh }: { recent: RecentRegistryEvent[]; locale: Locale; fresh: Freshness }) {
  const { t } = useTranslation();
  const items = recent.slice(0, 4);
  return (
    <Panel title={t('panel.ticker')} className="bottom ticker" fresh={fresh} testId="panel-ticker">
      {items.length === 0 ? <div style={{ color: '#5b7397' }}>{t('ticker.none')}</div> : null}
      <div className="ticker-list">
        {items.map((e) => (
          <div className="ticker-item" key={e.id}>
            <span className={`tag ${e.kind === 'registry.established' ? 'established' : 'deregistered'}`}>{t(e.kind === 'registry.established' ? 'ticker.established' : 'ticker.deregistered')}</span>
            {e.foreign ? <span className="tag foreign">{t('ticker.foreign')}</span> : null}
            <span className="name">{e.name}</span>
            <span className="meta">
              {locale === 'en' ? PARKS_BY_ID[e.parkId].shortEn : PARKS_BY_ID[e.parkId].shortZh} · {money(e.capital, 'cny', 'wan', locale, 0)} · <span className="num">{timeOfDay(e.ts)}</span>
            </span>
          </div>
        ))}
      </div>
    </Panel>
  );
});
