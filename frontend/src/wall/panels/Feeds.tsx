import { useTranslation } from 'react-i18next';
import { type FeedView, SOURCES, SOURCE_NAMES, type Source, feedStatus } from '@torch/shared';
import { ageParts } from '../../format/index.ts';
import { useNow } from '../hooks.ts';

/** Per source: status (amber when late, red when down), rate, age of the newest event, rejects. */
export function Feeds({ feeds, connectionLive }: { feeds: Record<Source, FeedView>; connectionLive: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <section className="panel bottom feeds" data-testid="panel-feeds">
      <div className="panel-head"><span className="panel-title">{t('panel.feeds')}</span></div>
      <div className="panel-body">
        <div className="feed-grid">
          {SOURCES.map((s) => {
            const f = feeds[s];
            const status = connectionLive ? feedStatus(s, f.lastEventTs, now) : 'stale';
            const age = f.lastEventTs === null ? null : ageParts(now - f.lastEventTs);
            return (
              <div className={`feed ${status}`} key={s} data-testid={`feed-${s}`} data-status={status}>
                <div className="name"><span className="label">{SOURCE_NAMES[s][lang]}</span><span className="state">{t(`feed.${status}`)}</span></div>
                <div className="stat"><span>{t('feed.lastEvent')}</span><b className="num">{age ? t(`age.${age.key}`, { n: age.n }) : '—'}</b></div>
                <div className="stat-grid">
                  <span>{t('feed.rate')}</span><b className="num">{f.perMinute.toFixed(1)}</b>
                  <span>{t('feed.lag')}</span><b className="num">{f.lag ?? '—'}</b>
                  <span>{t('feed.rejected')}</span><b className="num">{f.rejected}</b>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
