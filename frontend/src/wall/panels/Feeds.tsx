import { useTranslation } from 'react-i18next';
import { type ScreenFeed, SOURCES, SOURCE_NAMES, type Source, feedStatus } from '@torch/shared';
import { ageParts } from '../../format/index.ts';
import { useNow } from '../hooks.ts';

/**
 * Per source: status (amber when late, red when down, grey when the wall cannot reach the gateway),
 * rate, age of the newest event, rejects.
 * `clock` replaces the wall clock (a replay's clock); `focus` dims the sources not in it.
 */
export function Feeds({ feeds, connectionLive, clock, focus }: { feeds: Record<Source, ScreenFeed>; connectionLive: boolean; clock?: number; focus?: readonly Source[] | null }) {
  const { t, i18n } = useTranslation();
  const wallNow = useNow(1000);
  const now = clock ?? wallNow;
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <section className="panel bottom feeds" data-testid="panel-feeds">
      <div className="panel-head"><span className="panel-title">{t('panel.feeds')}</span></div>
      <div className="panel-body">
        <div className="feed-grid">
          {SOURCES.map((s) => {
            const f = feeds[s];
            // Cut off from the gateway, the wall cannot know how the feeds are: unknown, not late.
            const status = connectionLive ? feedStatus(s, f.lastEventTs, now) : 'unreachable';
            const age = f.lastEventTs === null ? null : ageParts(now - f.lastEventTs);
            const dim = focus && focus.length > 0 && !focus.includes(s);
            return (
              <div className={`feed ${status}${dim ? ' rp-unfocused' : ''}`} key={s} data-testid={`feed-${s}`} data-status={status}>
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
