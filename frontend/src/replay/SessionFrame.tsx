// The page's centre: the wall as it was at the replay clock while a session plays, the notice for
// every other moment (closed, failed, being built, none chosen), and "reconnecting" over a wall
// whose connection dropped. It alone ticks with the wall clock (the wall's freshness labels).
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertTransition, Locale, ScreenView, ParkId, ReplayInfo, Source } from '@torch/shared';
import type { ConnectionStatus } from '../net/connection.ts';
import { useNow } from '../wall/hooks.ts';
import { ReplayWall } from './ReplayWall.tsx';
import { SessionNotice, sessionPhase } from './SessionNotice.tsx';
import { openReplayAlerts } from './state.ts';

export interface SessionFrameProps {
  sessionId: string | null;
  info: ReplayInfo | null;
  view: ScreenView | null;
  /** The replay's own alert transitions (the socket's feed). */
  transitions: readonly AlertTransition[];
  connection: ConnectionStatus;
  /** The session was closed (by someone, or as idle). */
  gone: boolean;
  /** A session is being opened. */
  opening: boolean;
  onReopen: (info: ReplayInfo) => void;
  locale: Locale;
}

export const SessionFrame = memo(function SessionFrame(p: SessionFrameProps) {
  const { t } = useTranslation();
  const { info, view } = p;
  const building = p.opening || info?.status === 'building' || (p.sessionId !== null && !view && !p.gone);
  const phase = sessionPhase({ gone: p.gone, info, building, sessionId: p.sessionId });
  return (
    <div className={`rp-wall-frame${info ? ' active' : ''}`} data-testid="replay-frame">
      {view && info && !p.gone ? <ReplayedWall view={view} info={info} transitions={p.transitions} connection={p.connection} locale={p.locale} /> : null}
      <SessionNotice phase={phase} info={info} onReopen={p.onReopen} />
      {view && p.sessionId && p.connection !== 'live' ? <div className="rp-reconnecting" data-testid="replay-reconnecting">{t('replayPage.notice.reconnecting')}</div> : null}
    </div>
  );
});

function ReplayedWall({ view, info, transitions, connection, locale }: { view: ScreenView; info: ReplayInfo; transitions: readonly AlertTransition[]; connection: ConnectionStatus; locale: Locale }) {
  const wallNow = useNow(1000);
  const alerts = useMemo(() => openReplayAlerts(transitions), [transitions]);
  return (
    <div className="rp-wall-scale">
      <ReplayWall
        view={view} clock={info.clock} wallNow={wallNow} sessionId={info.id} connection={connection} alerts={alerts}
        focusParks={(info.parks ?? []) as ParkId[]} focusSources={(info.sources ?? []) as Source[]} locale={locale}
      />
    </div>
  );
}
