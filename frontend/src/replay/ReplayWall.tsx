// The wall, as it was at the replay clock: the live wall's own panels fed the replay's view. Every
// figure that depends on "now" takes the replay clock instead of the wall clock: the header's clock,
// today's hour on the intraday chart, feed health, and each panel's "updated … ago".
//
// The panels' freshness labels tick with the wall clock inside the shared Panel (read-only here),
// so the page hands them event times moved by (wall clock − replay clock): the age they print is
// then the age at the replay clock. Feed health also depends on the hour (working-hours
// thresholds): the Feeds panel takes the replay clock.
import { memo, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Locale, type ScreenView, PARKS, type ParkId, SOURCES, type Source, feedStatus,
} from '@torch/shared';
import { type OpenAlert, parkAlertStates } from '../alerts/describe.ts';
import { chooseUnits, type WallUnits } from '../format/index.ts';
import type { ConnectionStatus } from '../net/connection.ts';
import { useCarousel } from '../wall/hooks.ts';
import type { Freshness } from '../wall/Panel.tsx';
import { AlertBanner } from '../wall/panels/AlertBanner.tsx';
import { Chains } from '../wall/panels/Chains.tsx';
import { Feeds } from '../wall/panels/Feeds.tsx';
import { Intraday } from '../wall/panels/Intraday.tsx';
import { Kpis } from '../wall/panels/Kpis.tsx';
import { MapPanel } from '../wall/panels/MapPanel.tsx';
import { Ranking } from '../wall/panels/Ranking.tsx';
import { Ticker } from '../wall/panels/Ticker.tsx';
import { Trade } from '../wall/panels/Trade.tsx';
import { replayClock } from './time.ts';

export interface ReplayWallProps {
  view: ScreenView;
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
      <Intraday data={view.intraday.zone} locale={locale} fresh={fresh(['tax'])} />
      <Chains zone={view.metrics.zone} locale={locale} fresh={fresh(['tax'])} />
      <MapPanel metrics={view.metrics} metric="sales" focus={parks[focusIndex % parks.length]!} locale={locale} fresh={fresh(['tax', 'customs', 'registry'])} alerts={parkAlerts} />
      <Ranking ranking={view.ranking} locale={locale} fresh={fresh(['tax'])} />
      <Trade zone={view.metrics.zone} locale={locale} fresh={fresh(['customs'])} />
      <Ticker recent={view.recent} locale={locale} fresh={fresh(['registry'])} />
      <Feeds feeds={view.feeds} clock={clock} connectionLive={connected} focus={p.focusSources} />
      <AlertBanner open={p.alerts} locale={locale} />
      <div className="watermark">{t('app.simulated')}</div>
    </div>
  );
}

function useSessionUnits(sessionId: string, view: ScreenView): WallUnits {
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
