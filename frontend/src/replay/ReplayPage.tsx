// /replay: operators and administrators pick a recorded period and watch it on a wall-like view
// driven by the replay clock, with a timeline (event density, the alerts that fired live and those
// the replay raises), controls, export, and "back to live". Not signed in: the login form, which
// sends the user back here. `?at=<epoch ms>[&to=]` opens a replay from that instant at once (links
// from an alert already start a few minutes before it). The open session is remembered for the
// tab, so a reload picks it up again; a reconnect joins it again. Beside the period, "what would have
// fired" runs a draft rule file over it (over the wall while open; nothing notified or stored).
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { type Locale, type Session, can } from '@torch/shared';
import { ConnectionProvider } from '../net/ConnectionProvider.tsx';
import type { OpenSocket } from '../net/connection.ts';
import { type SessionAuth, loadSession, sessionAuth } from '../net/session.ts';
import { useUrlLanguage } from '../net/usePageSession.ts';
import { type ReplayApi, createReplayApi } from './api.ts';
import { DryRunPanel } from './DryRunPanel.tsx';
import { chosenRange, initialPageState, liveCountOf, liveSpansOf, replayPageReducer, timelineRange, validRange, watchedInfo } from './pageState.ts';
import { PeriodChooser } from './PeriodChooser.tsx';
import { PlaybackBar } from './PlaybackBar.tsx';
import { AlertJumpList } from './RangePicker.tsx';
import { ReplayBanner } from './ReplayBanner.tsx';
import { ReplayForbidden } from './ReplayForbidden.tsx';
import { SessionFrame } from './SessionFrame.tsx';
import { replaySpans, wasClosed } from './state.ts';
import { registerReplayStrings, replayStringsReady } from './strings.ts';
import { type Range, quickRange, rangeFromSearch } from './time.ts';
import { useArrival } from './useArrival.ts';
import { useLanguageToggle } from './useLanguageToggle.ts';
import { usePeriodData, useRecentAlerts } from './usePeriodData.ts';
import { useReplayFeed } from './useReplayFeed.ts';
import { DEFAULT_SPEED, useSeek, useSessionCommands } from './useSessionCommands.ts';
import './replay.css';

/** The tab's open session, picked up again after a reload. */
export { SESSION_STORAGE_KEY } from './sessionStore.ts';

export interface ReplayPageProps {
  /** Swap points for tests: canned REST answers, a feed stand-in, and the socket the page opens. */
  api?: ReplayApi;
  useFeed?: typeof useReplayFeed;
  open?: OpenSocket;
  /** The wall clock (tests pin it). */
  now?: () => number;
}

export function ReplayPage(props: ReplayPageProps) {
  const location = useLocation();
  useReplayStrings();
  const session = loadSession();
  if (!session) {
    // The login page speaks the language the link asked for, too.
    const lang = new URLSearchParams(location.search).get('lang');
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}${lang ? `&lang=${encodeURIComponent(lang)}` : ''}`} replace />;
  }
  if (!can(session.role, 'replay:use')) return <ReplayForbidden session={session} />;
  return <ReplayConnection session={session} {...props} />;
}

/** One connection for the page (it also renews the session); the replay's view comes over it. */
function ReplayConnection(props: ReplayPageProps & { session: Session }) {
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location.pathname + location.search);
  here.current = location.pathname + location.search;
  const auth = useMemo(() => sessionAuth(() => navigate(`/login?next=${encodeURIComponent(here.current)}`, { replace: true })), [navigate]);
  return (
    <ConnectionProvider auth={auth} {...(props.open ? { open: props.open } : {})}>
      <ReplayBody {...props} auth={auth} />
    </ConnectionProvider>
  );
}

/** The strings are registered when i18next initialises; make sure of it before the first render. */
function useReplayStrings(): void {
  const { i18n } = useTranslation();
  if (!replayStringsReady(i18n)) registerReplayStrings(i18n);
}

/**
 * The page's top: its session (sign-in, renewal, `?lang=`), the socket, and the page state; the
 * parts below take what they show as props.
 */
function ReplayBody({ session, auth, api: injectedApi, useFeed = useReplayFeed, now = Date.now }: ReplayPageProps & { session: Session; auth: SessionAuth }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const api = useMemo(() => injectedApi ?? createReplayApi(auth), [injectedApi, auth]);

  const urlLang = params.get('lang');
  useUrlLanguage(urlLang);
  useEffect(() => {
    document.title = `${t('replayPage.title')} · ${t('app.title')}`;
  }, [t]);

  const [state, dispatch] = useReducer(replayPageReducer, null, () => initialPageState(rangeFromSearch(location.search, now()) ?? quickRange('lastHour', now())));
  const live = useFeed(state.sessionId);
  const info = watchedInfo(state, live.feed.info);
  const gone = live.problem === 'gone' || (info !== null && wasClosed(info));
  const chosen = useMemo(() => chosenRange({ fromText: state.fromText, toText: state.toText }, now()), [state.fromText, state.toText, now]);
  const commands = useSessionCommands(api, dispatch, state.sessionId, live.setInfo);
  const { seek, jump } = useSeek(info, commands.control);
  useArrival(api, now, commands.open, dispatch);
  const range = timelineRange(info, chosen);
  usePeriodData(api, range, dispatch);
  useRecentAlerts(api, now, dispatch);

  const liveSpans = useMemo(() => liveSpansOf(state.liveAlerts), [state.liveAlerts]);
  const replayAlertSpans = useMemo(() => replaySpans(live.feed.alerts), [live.feed.alerts]);
  const liveCount = useMemo(() => liveCountOf({ liveFor: state.liveFor, liveAlerts: state.liveAlerts }), [state.liveFor, state.liveAlerts]);
  const dryRange = useMemo(() => validRange(chosen), [chosen]);
  const moveToEarliest = useCallback((at: number) => dispatch({ type: 'earliestUsed', at, now: now() }), [now]);
  // A new period keeps the speed the operator chose.
  const openPeriod = (r: Range) => void commands.open(r, state, state.sessionId, info?.speed ?? DEFAULT_SPEED);
  const closeDryRun = useCallback(() => {
    dispatch({ type: 'dryRunClosed' });
    document.getElementById('rp-dryrun-toggle')?.focus();
  }, []);
  const backToLive = async () => {
    await commands.leave();
    navigate(`/wall${urlLang ? `?lang=${encodeURIComponent(urlLang)}` : ''}`);
  };
  const switchLanguage = useLanguageToggle(locale);

  return (
    <div className="stage-outer">
      <div className="stage rp-stage" data-testid="replay" data-session={state.sessionId ?? ''}>
        <ReplayBanner info={info} connection={live.status} locale={locale} user={session.username} onSwitchLanguage={switchLanguage} />
        <SessionFrame
          sessionId={state.sessionId} info={info} view={live.feed.view} transitions={live.feed.alerts} connection={live.status} gone={gone} opening={state.opening}
          onReopen={(i) => void commands.open(i, state, null)} locale={locale}
        />
        <DryRunPanel
          api={api} range={dryRange} rangeProblem={chosen.problem ? t(`replayPage.range.${chosen.problem}`) : null} live={liveCount} locale={locale}
          open={state.dryRunOpen} onClose={closeDryRun} onUseEarliest={moveToEarliest}
        />
        <aside className="rp-side">
          <PeriodChooser state={state} chosen={chosen} dispatch={dispatch} onOpen={openPeriod} onUseEarliest={moveToEarliest} now={now} locale={locale} />
          <AlertJumpList spans={[...liveSpans, ...replayAlertSpans]} clock={info?.clock ?? null} onJump={info ? jump : undefined} locale={locale} />
        </aside>
        <PlaybackBar
          range={range} density={state.density} liveSpans={liveSpans} replaySpans={replayAlertSpans} info={info} gone={gone}
          exporting={state.exporting} commands={commands} seek={seek} jump={jump} onLive={() => void backToLive()} locale={locale}
        />
      </div>
    </div>
  );
}

export type { ReplayApi } from './api.ts';
export { ReplayApiError } from './api.ts';
