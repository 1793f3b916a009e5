// The wall, as it was at the replay clock: the live wall's own panels fed the replay's view. Every
// figure that depends on "now" takes the replay clock instead of the wall clock: the header's clock,
// today's hour on the intraday chart, feed health, and each panel's "updated … ago".
//
// The panels' freshness labels tick with the wall clock inside the shared Panel (read-only here),
// so the page hands them event times moved by (wall clock − replay clock): the age they print is
// then the age at the replay clock. Feed health also depends on the hour (working-hours
// thresholds), so this page draws it with the same markup from the replay clock (ReplayFeeds).
import { memo, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type FeedView, type Locale, type MetricsView, PARKS, type ParkId, SOURCES, SOURCE_NAMES, type Source, feedStatus, shanghaiParts,
} from '@torch/shared';
import { type OpenAlert, parkAlertStates } from '../alerts/describe.ts';
import { ageParts, chooseUnits, type WallUnits } from '../format/index.ts';
import type { ConnectionStatus } from '../net/useLiveView.ts';
import { useCarousel } from '../wall/hooks.ts';
import type { Freshness } from '../wall/Panel.tsx';
import { AlertBanner } from '../wall/panels/AlertBanner.tsx';
import { Chains } from '../wall/panels/Chains.tsx';
import { Intraday } from '../wall/panels/Intraday.tsx';
import { Kpis } from '../wall/panels/Kpis.tsx';
import { MapPanel } from '../wall/panels/MapPanel.tsx';
import { Ranking } from '../wall/panels/Ranking.tsx';
import { Ticker } from '../wall/panels/Ticker.tsx';
import { Trade } from '../wall/panels/Trade.tsx';
import { replayClock } from './time.ts';

export interface ReplayWallProps {
  view: MetricsView;
  /** The replay clock: every "now" on this wall. */
  clock: number;
  /** The wall clock at this render (moves freshness labels into the replay's time). */
  wallNow: number;
  /** Units are chosen once per session, like a wall chooses them once. */
  sessionId: string;
  connection: ConnectionStatus;
  alerts: readonly OpenAlert[];
  focusParks: readonly ParkId[] | null;
  focusSources: readonly Source[] | null;
  locale: Locale;
}

export function ReplayWall(p: ReplayWallProps) {
  const { t } = useTranslation();
  const { view, clock, locale } = p;
  const units = useSessionUnits(p.sessionId, view);
  const parks = p.focusParks && p.focusParks.length > 0 ? p.focusParks : PARKS.map((x) => x.id);
  const focusIndex = useCarousel(parks.length, 8000);
  const parkAlerts = useMemo(() => parkAlertStates(p.alerts), [p.alerts]);
  const connected = p.connection === 'live';
  const shift = p.wallNow - clock;

  const staleSources = useMemo(() => {
    const s = new Set<Source>();
    for (const src of SOURCES) if (!connected || feedStatus(src, view.feeds[src].lastEventTs, clock) !== 'ok') s.add(src);
    return s;
  }, [view.feeds, connected, clock]);
  const fresh = (sources: readonly Source[]): Freshness => {
    const last = Math.max(...sources.map((s) => view.feeds[s].lastEventTs ?? -Infinity));
    return { sources, lastEventTs: Number.isFinite(last) ? last + shift : null, stale: sources.some((s) => staleSources.has(s)) };
  };

  return (
    <div className="stage rp-wall" data-testid="replay-wall" data-clock={clock}>
      <ReplayWallHeader clock={clock} connection={p.connection} locale={locale} />
      <Kpis zone={view.metrics.zone} units={units} staleSources={staleSources} locale={locale} />
      <Intraday data={view.intraday.zone} hourNow={shanghaiParts(clock).hour} unit={units.sales} locale={locale} fresh={fresh(['tax'])} />
      <Chains zone={view.metrics.zone} locale={locale} fresh={fresh(['tax'])} />
      <MapPanel metrics={view.metrics} metric="sales" focus={parks[focusIndex % parks.length]!} units={units} locale={locale} fresh={fresh(['tax', 'customs', 'registry'])} alerts={parkAlerts} />
      <Ranking ranking={view.ranking} locale={locale} fresh={fresh(['tax'])} />
      <Trade zone={view.metrics.zone} locale={locale} fresh={fresh(['customs'])} />
      <Ticker recent={view.recent} locale={locale} fresh={fresh(['registry'])} />
      <ReplayFeeds feeds={view.feeds} clock={clock} connectionLive={connected} focus={p.focusSources} />
      <AlertBanner open={p.alerts} locale={locale} />
      <div className="watermark">{t('app.simulated')}</div>
    </div>
  );
}

function useSessionUnits(sessionId: string, view: MetricsView): WallUnits {
  const ref = useRef<{ id: string; units: WallUnits } | null>(null);
  if (!ref.current || ref.current.id !== sessionId) {
    const z = view.metrics.zone;
    ref.current = { id: sessionId, units: chooseUnits({ sales: z.sales.ytd, tax: z.tax.ytd, trade: z.trade.ytd }) };
  }
  return ref.current.units;
}

/** The wall's header, with the replay clock where the wall has its own. */
const ReplayWallHeader = memo(function ReplayWallHeader({ clock, connection, locale }: { clock: number; connection: ConnectionStatus; locale: Locale }) {
  const { t } = useTranslation();
  const c = replayClock(clock, locale);
  return (
    <header className="header">
      <span className="title">{t('app.title')}</span>
      <span className="subtitle">{t('app.subtitle')}</span>
      <span className="spacer" />
      <span className="badge replay" data-testid="mode-badge">{t('badge.replay')}</span>
      <span className="conn" data-status={connection}>
        <span className={`dot ${connection}`} />
        {t(`status.${connection}`)}
      </span>
      <div className="clock">
        <div className="time num">{c.time}</div>
        <div className="date">{c.date}</div>
      </div>
    </header>
  );
});

/**
 * Feed health at the replay clock: the wall's Feeds panel, same markup and thresholds, with the
 * replay clock as "now" (the wall's panel reads the wall clock).
 */
export const ReplayFeeds = memo(function ReplayFeeds({ feeds, clock, connectionLive, focus }: { feeds: Record<Source, FeedView>; clock: number; connectionLive: boolean; focus: readonly Source[] | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <section className="panel bottom feeds" data-testid="panel-feeds">
      <div className="panel-head"><span className="panel-title">{t('panel.feeds')}</span></div>
      <div className="panel-body">
        <div className="feed-grid">
          {SOURCES.map((s) => {
            const f = feeds[s];
            const status = connectionLive ? feedStatus(s, f.lastEventTs, clock) : 'stale';
            const age = f.lastEventTs === null ? null : ageParts(clock - f.lastEventTs);
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
});
