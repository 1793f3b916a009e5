// The control-room wall: a fixed 16:9 canvas of panels fed by one live view. Panels receive only
// their slice, so a delta re-renders the panels whose figures changed.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LiveMeta, type Locale, PARKS, type HeadlineMetric, SOURCES, type Source, feedStatus, isHeadlineMetric, shanghaiParts } from '@torch/shared';
import { applySilences, parkAlertStates } from '../alerts/describe.ts';
import { boundOpenAlerts } from '../alerts/open.ts';
import { chooseUnits, type WallUnits } from '../format/index.ts';
import { ConnectionProvider, useAlerts, useChannel, useConnection } from '../net/ConnectionProvider.tsx';
import type { ConnectionAuth } from '../net/connection.ts';
import { wallAuth } from '../net/session.ts';
import { useSilences } from '../net/useSilences.ts';
import { useCarousel, useNow } from './hooks.ts';
import { MapGateProvider, useOpenOnceLive } from './mapGate.tsx';
import type { Freshness } from './Panel.tsx';
import { AlertBanner } from './panels/AlertBanner.tsx';
import { AlertStrip } from './panels/AlertStrip.tsx';
import { ConnectionBand } from './panels/ConnectionBand.tsx';
import { Chains } from './panels/Chains.tsx';
import { Feeds } from './panels/Feeds.tsx';
import { Header } from './panels/Header.tsx';
import { Intraday } from './panels/Intraday.tsx';
import { Kpis } from './panels/Kpis.tsx';
import { MapPanel } from './panels/MapPanel.tsx';
import { Ranking } from './panels/Ranking.tsx';
import { Ticker } from './panels/Ticker.tsx';
import { Trade } from './panels/Trade.tsx';

export interface WallOptions {
  /** Map marker size: one of the parks' headline metrics (SCREEN_PARK_METRICS), default sales. */
  metric: HeadlineMetric;
  /** Focus carousel period, ms (0 = paused). */
  carouselMs: number;
  watermark: boolean;
  /** Dim the wall at night (22:00–07:00 Asia/Shanghai) against burn-in. */
  nightDim: boolean;
}

export function wallOptions(search: string): WallOptions {
  const q = new URLSearchParams(search);
  const metric = q.get('metric') ?? 'sales';
  return {
    metric: isHeadlineMetric(metric) ? metric : 'sales',
    carouselMs: q.get('carousel') === '0' ? 0 : Number(q.get('carousel') ?? 8) * 1000 || 8000,
    watermark: q.get('watermark') !== '0',
    nightDim: q.get('night') === '1',
  };
}

/** A slow drift of the static chrome (a few pixels every ten minutes) against burn-in. */
function usePixelShift(): string {
  const now = useNow(60_000);
  const step = Math.floor(now / 600_000) % 4;
  return ['translate(0, 0)', 'translate(0.25rem, 0)', 'translate(0.25rem, 0.25rem)', 'translate(0, 0.25rem)'][step]!;
}

export function Wall() {
  // Takes a kiosk link's token out of the address bar (see session.ts) before anything else reads it.
  const auth = useMemo(() => wallAuth(), []);
  return (
    <ConnectionProvider auth={auth}>
      <WallScreen auth={auth} />
    </ConnectionProvider>
  );
}

function WallScreen({ auth }: { auth: ConnectionAuth }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const options = useMemo(() => wallOptions(window.location.search), []);
  const connection = useConnection();
  const zone = useChannel<LiveMeta>('zone');
  const pushed = useAlerts().message;
  const openAlerts = useMemo(() => boundOpenAlerts(pushed), [pushed]);
  const live = { status: zone.status, view: zone.state?.view ?? null, catchingUp: zone.state?.meta?.catchingUp ?? false };
  const focusIndex = useCarousel(PARKS.length, options.carouselMs);
  const shift = usePixelShift();
  const minuteNow = useNow(30_000);
  const unitsRef = useRef<WallUnits | null>(null);
  const [, force] = useState(0);
  useEffect(() => {
    const tick = setInterval(() => force((x) => x + 1), 30_000);
    return () => clearInterval(tick);
  }, []);

  const view = live.view;
  if (view && !unitsRef.current) {
    const z = view.metrics.zone;
    unitsRef.current = chooseUnits({ sales: z.sales.ytd, tax: z.tax.ytd, trade: z.trade.ytd });
  }
  const units = unitsRef.current;
  // Silences re-evaluated on the wall's clock; new objects only when the alerts change, so the map
  // does not redraw on every delta. A kiosk's projection comes without silenced alerts, and a
  // display token may not read silences: only a signed-in wall asks for them.
  const projected = !!pushed && 'projection' in pushed;
  const silences = useSilences(projected ? null : auth.token(), openAlerts);
  const alerts = useMemo(() => applySilences(openAlerts, silences, minuteNow), [openAlerts, silences, minuteNow]);
  const parkAlerts = useMemo(() => parkAlertStates(alerts ?? []), [alerts]);

  const isLive = live.status === 'live';
  const staleSources = useMemo(() => {
    const s = new Set<Source>();
    if (!view) return s;
    for (const src of SOURCES) if (!isLive || feedStatus(src, view.feeds[src].lastEventTs, minuteNow) !== 'ok') s.add(src);
    return s;
  }, [view, isLive, minuteNow]);
  const fresh = (sources: readonly Source[]): Freshness => ({
    sources,
    lastEventTs: view ? Math.max(...sources.map((s) => view.feeds[s].lastEventTs ?? -Infinity)) : null,
    stale: sources.some((s) => staleSources.has(s)),
  });
  // Figures on screen that the gateway no longer confirms: dimmed, under a band that says so.
  const down = !!view && !isLive;
  const night = options.nightDim && (() => {
    const h = shanghaiParts(minuteNow).hour;
    return h >= 22 || h < 7;
  })();

  // The maps draw once the figures are live and painted (see mapGate.tsx).
  const mapsMayDraw = useOpenOnceLive(isLive && !!view);

  return (
    <MapGateProvider value={mapsMayDraw}>
    <div className="stage-outer">
      <div className={`stage${night ? ' night' : ''}${down ? ' down' : ''}`} data-testid="wall" data-status={live.status}>
        <div className="chrome" style={{ transform: shift }}>
          <Header
            status={live.status} catchingUp={live.catchingUp} mode="live" embedded={connection.hello?.storage === 'embedded'}
            rehearsal={!!view && Object.values(view.feeds).some((f) => f.lastRehearsal !== null && f.lastRehearsal !== undefined && minuteNow - f.lastRehearsal < 15 * 60_000)}
            middle={down ? <ConnectionBand since={connection.downSince} signedOut={connection.error === 'UNAUTHENTICATED'} /> : view ? <AlertStrip open={alerts} locale={locale} /> : null}
          />
          {!view || !units ? (
            <div className="page" style={{ position: 'absolute', inset: '6rem 0 0 0' }}>
              <div className="notice" style={{ fontSize: '1.6rem' }}>{connection.error === 'needToken' ? t('errors.needToken') : t('status.connecting')}</div>
            </div>
          ) : (
            <>
              <Kpis zone={view.metrics.zone} units={units} staleSources={staleSources} locale={locale} />
              <Intraday data={view.intraday.zone} locale={locale} fresh={fresh(['tax'])} />
              <Chains zone={view.metrics.zone} locale={locale} fresh={fresh(['tax'])} />
              <MapPanel metrics={view.metrics} metric={options.metric} focus={PARKS[focusIndex]!.id} locale={locale} fresh={fresh(['tax', 'customs', 'registry'])} alerts={parkAlerts} />
              <Ranking ranking={view.ranking} locale={locale} fresh={fresh(['tax'])} />
              <Trade zone={view.metrics.zone} locale={locale} fresh={fresh(['customs'])} />
              <Ticker recent={view.recent} locale={locale} fresh={fresh(['registry'])} />
              <Feeds feeds={view.feeds} connectionLive={isLive} />
              <AlertBanner open={alerts} locale={locale} />
            </>
          )}
        </div>
        {options.watermark ? <div className="watermark" data-testid="watermark" data-legibility="exempt">{t('app.simulated')}</div> : null}
      </div>
    </div>
    </MapGateProvider>
  );
}
