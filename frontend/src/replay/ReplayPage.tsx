// /replay: operators and administrators pick a recorded period and watch it on a wall-like view
// driven by the replay clock, with a timeline (event density, the alerts that fired live and those
// the replay raises), controls, export, and "back to live". Not signed in: the login form, which
// sends the user back here. `?at=<epoch ms>[&to=]` opens a replay from that instant at once (links
// from an alert already start a few minutes before it). The open session is remembered for the
// tab, so a reload picks it up again; a reconnect joins it again. Beside the period, "what would have
// fired" runs a draft rule file over it (over the wall while open; nothing notified or stored).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { type Locale, MINUTE_MS, type ParkId, ROLE_NAMES, type ReplayControl, type ReplayInfo, type Session, type Source, type Speed, can } from '@torch/shared';
import { clearSession, loadSession, refreshSession, signOut } from '../net/session.ts';
import { useSessionRenewal, useUrlLanguage } from '../net/usePageSession.ts';
import { useNow } from '../wall/hooks.ts';
import { type DensityPoint, LIVE_ALERTS_LIMIT, type LiveAlert, type ReplayApi, ReplayApiError, createReplayApi, replayErrorText, retentionOf } from './api.ts';
import { Controls } from './Controls.tsx';
import { DryRunPanel, type LiveCount } from './DryRunPanel.tsx';
import { AlertJumpList, RangePicker } from './RangePicker.tsx';
import { ReplayBanner } from './ReplayBanner.tsx';
import { ReplayWall } from './ReplayWall.tsx';
import { type AlertSpan, openReplayAlerts, replaySpans, wasClosed } from './state.ts';
import { registerReplayStrings, replayStringsReady } from './strings.ts';
import { Timeline } from './Timeline.tsx';
import {
  JUMP_LEAD_MS, type QuickRange, type Range, STEP_MS, checkRange, clampTo, densityFrom, densityStep, fromInputValue, quickRange, rangeBeforeAlert, rangeFromSearch, toInputValue,
} from './time.ts';
import { type ReplaySocketOptions, useReplaySocket } from './useReplaySocket.ts';
import './replay.css';

/** The tab's open session, picked up again after a reload. */
export const SESSION_STORAGE_KEY = 'torch.replay.session';
const DEFAULT_SPEED: Speed = 60;

export interface ReplayPageProps {
  /** Swap points for tests: canned REST answers and a socket stand-in. */
  api?: ReplayApi;
  useSocket?: typeof useReplaySocket;
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
  if (!can(session.role, 'replay:use')) return <NotAllowed session={session} />;
  return <ReplayBody session={session} {...props} />;
}

/** The strings are registered when i18next initialises; make sure of it before the first render. */
function useReplayStrings(): void {
  const { i18n } = useTranslation();
  if (!replayStringsReady(i18n)) registerReplayStrings(i18n);
}

function NotAllowed({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <div className="page">
      <div className="rp-card rp-forbidden" role="alert" data-testid="replay-forbidden">
        <h1>{t('app.title')} · {t('replayPage.title')}</h1>
        <p>{t('replayPage.notice.forbidden')}</p>
        <p className="rp-hint">{t('replayPage.signedInAs', { user: session.username, role: ROLE_NAMES[session.role][lang] })}</p>
        <div className="rp-row">
          <a className="rp-btn primary" href="/wall">{t('replayPage.controls.live')}</a>
          <button type="button" className="rp-btn" onClick={() => void signOut().then(() => navigate('/login?next=/replay', { replace: true }))}>{t('replayPage.signOut')}</button>
        </div>
      </div>
    </div>
  );
}

function ReplayBody({ session, api: injectedApi, useSocket = useReplaySocket, now = Date.now }: ReplayPageProps & { session: Session }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const lang = locale === 'en' ? 'en' : 'zh';
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();

  const here = useRef(location.pathname + location.search);
  here.current = location.pathname + location.search;
  const goToLogin = useCallback(() => {
    clearSession();
    navigate(`/login?next=${encodeURIComponent(here.current)}`, { replace: true });
  }, [navigate]);
  const auth: ReplaySocketOptions = useMemo(() => ({
    token: () => loadSession()?.accessToken ?? null,
    refresh: async () => (await refreshSession())?.accessToken ?? null,
    onSignedOut: goToLogin,
  }), [goToLogin]);
  const api = useMemo(() => injectedApi ?? createReplayApi(auth), [injectedApi, auth]);

  useSessionRenewal(session.expiresIn, !injectedApi);
  const urlLang = params.get('lang');
  useUrlLanguage(urlLang);
  useEffect(() => {
    document.title = `${t('replayPage.title')} · ${t('app.title')}`;
  }, [t]);

  // ---- the range being chosen, and the session ----
  const [initial] = useState(() => rangeFromSearch(location.search, now()) ?? quickRange('lastHour', now()));
  const [fromText, setFromText] = useState(() => toInputValue(initial.from));
  const [toText, setToText] = useState(() => toInputValue(initial.to));
  const [parks, setParks] = useState<ParkId[]>([]);
  const [sources, setSources] = useState<Source[]>([]);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [opened, setOpened] = useState<ReplayInfo | null>(null);
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);

  const live = useSocket(sessionId, auth);
  const info = live.feed.info?.id === sessionId ? live.feed.info : opened?.id === sessionId ? opened : null;
  const gone = live.problem === 'gone' || (info !== null && wasClosed(info));

  const setInputs = (r: Range) => {
    setFromText(toInputValue(r.from));
    setToText(toInputValue(r.to));
  };
  const chosen = useMemo(() => {
    const from = fromInputValue(fromText);
    const to = fromInputValue(toText);
    return { from, to, problem: checkRange(from, to, now()) };
  }, [fromText, toText, now]);

  const forget = useCallback(() => {
    sessionStorage.removeItem(SESSION_STORAGE_KEY);
  }, []);

  const openSession = useCallback(async (r: Range, focus: { parks: ParkId[]; sources: Source[] }, previous: string | null, speed: Speed = DEFAULT_SPEED) => {
    setOpening(true);
    setError(null);
    try {
      if (previous) {
        setSessionId(null);
        // The gateway closes an unwatched session by itself after a while: not worth stopping for.
        await api.close(previous).catch((e: unknown) => console.warn('replay: could not close the previous session', { session: previous, error: e }));
      }
      const next = await api.open({
        from: r.from, to: r.to, speed,
        ...(focus.parks.length > 0 ? { parks: focus.parks } : {}), ...(focus.sources.length > 0 ? { sources: focus.sources } : {}),
      });
      setOpened(next);
      setSessionId(next.id);
      sessionStorage.setItem(SESSION_STORAGE_KEY, next.id);
    } catch (e) {
      setError(e);
    } finally {
      setOpening(false);
    }
  }, [api]);

  // On arrival: a deep link opens its period at once; otherwise the tab's session, if it still runs.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const deep = rangeFromSearch(location.search, now());
    const stored = sessionStorage.getItem(SESSION_STORAGE_KEY);
    if (deep) {
      forget();
      void openSession(deep, { parks: [], sources: [] }, stored);
      // A reload then resumes this session instead of opening another.
      const rest = new URLSearchParams(location.search);
      rest.delete('at');
      rest.delete('to');
      navigate({ pathname: location.pathname, search: rest.toString() ? `?${rest}` : '' }, { replace: true });
      return;
    }
    if (stored) {
      api.get(stored).then(
        (r) => {
          if (wasClosed(r.info)) return forget();
          setOpened(r.info);
          setSessionId(r.info.id);
          setInputs(r.info);
          setParks((r.info.parks ?? []) as ParkId[]);
          setSources((r.info.sources ?? []) as Source[]);
        },
        () => forget(),
      );
    }
  }, []);

  const open = () => {
    if (chosen.problem || chosen.from === null || chosen.to === null) return setError(null);
    // A new period keeps the speed the operator chose.
    void openSession({ from: chosen.from, to: chosen.to }, { parks, sources }, sessionId, info?.speed ?? DEFAULT_SPEED);
  };

  const setLiveInfo = live.setInfo;
  const control = useCallback((c: ReplayControl) => {
    if (!sessionId) return;
    api.control(sessionId, c).then(
      (i) => {
        setOpened(i);
        setLiveInfo(i);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [api, sessionId, setLiveInfo]);

  const range: Range | null = info ? { from: info.from, to: info.to } : chosen.problem ? null : { from: chosen.from!, to: chosen.to! };
  const seek = useCallback((at: number) => {
    if (!info) return;
    control({ action: 'seek', at: clampTo(Math.round(at), info) });
  }, [control, info]);
  const jump = useCallback((s: AlertSpan) => seek(s.firedAt - JUMP_LEAD_MS), [seek]);

  const closeSession = useCallback(async () => {
    const id = sessionId;
    setSessionId(null);
    setOpened(null);
    forget();
    // The gateway closes an unwatched session by itself after a while: leaving is not held up.
    if (id) await api.close(id).catch((e: unknown) => console.warn('replay: could not close the session', { session: id, error: e }));
  }, [api, sessionId, forget]);
  const backToLive = async () => {
    await closeSession();
    navigate(`/wall${urlLang ? `?lang=${encodeURIComponent(urlLang)}` : ''}`);
  };

  const exportRange = async () => {
    if (!info) return;
    setExporting(true);
    try {
      const { blob, filename } = await api.exportRange(info.from, info.to);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    } finally {
      setExporting(false);
    }
  };

  // ---- what the timeline shows: density and the alerts that fired live, for the range ----
  const [density, setDensity] = useState<DensityPoint[] | null>(null);
  const [liveAlerts, setLiveAlerts] = useState<LiveAlert[]>([]);
  /** The period the live alerts were fetched for (the dry run compares only with its own period). */
  const [liveFor, setLiveFor] = useState<Range | null>(null);
  const rangeKey = range ? `${range.from}-${range.to}` : '';
  useEffect(() => {
    if (!range) return;
    let stale = false;
    // Typing a date moves the range on every change: wait until it rests.
    const timer = setTimeout(() => {
      const step = densityStep(range);
      api.density(densityFrom(range, step), range.to, step).then((d) => !stale && setDensity(d), () => !stale && setDensity([]));
      api.alerts(range.from, range.to).then(
        (a) => {
          if (stale) return;
          setLiveAlerts(a);
          setLiveFor({ from: range.from, to: range.to });
        },
        () => {
          if (stale) return;
          setLiveAlerts([]);
          setLiveFor(null);
        },
      );
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [rangeKey, api]);

  const [recent, setRecent] = useState<LiveAlert[] | null>(null);
  useEffect(() => {
    const end = now();
    api.alerts(end - 7 * 24 * 60 * MINUTE_MS, end, 50).then(setRecent, () => setRecent([]));
  }, [api, now]);

  const liveSpans = useMemo<AlertSpan[]>(
    () => liveAlerts.map((a) => ({ id: a.id, name: a.rule.name, severity: a.rule.severity, labels: a.labels, firedAt: a.firedAt, resolvedAt: a.resolvedAt, origin: 'live' })),
    [liveAlerts],
  );
  const replayAlertSpans = useMemo(() => replaySpans(live.feed.alerts), [live.feed.alerts]);
  const liveCount = useMemo<LiveCount | null>(
    () => (liveFor ? { range: liveFor, count: liveAlerts.length, capped: liveAlerts.length >= LIVE_ALERTS_LIMIT } : null),
    [liveFor, liveAlerts],
  );
  const openAlerts = useMemo(() => openReplayAlerts(live.feed.alerts), [live.feed.alerts]);

  const switchLanguage = () => {
    const to = locale === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('torch.lang', to);
    void i18n.changeLanguage(to);
    document.documentElement.lang = to;
    if (params.has('lang')) {
      const rest = new URLSearchParams(params);
      rest.delete('lang');
      navigate({ pathname: location.pathname, search: rest.toString() ? `?${rest}` : '' }, { replace: true });
    }
  };

  // ---- "what would have fired": over the period in the inputs ----
  const [dryRunOpen, setDryRunOpen] = useState(false);
  const dryRange = useMemo<Range | null>(() => (chosen.problem ? null : { from: chosen.from!, to: chosen.to! }), [chosen]);
  const closeDryRun = () => {
    setDryRunOpen(false);
    document.getElementById('rp-dryrun-toggle')?.focus();
  };
  const moveToEarliest = (at: number) => {
    const to = fromInputValue(toText);
    setInputs({ from: at, to: to !== null && to > at ? to : Math.min(at + 60 * MINUTE_MS, now()) });
    setError(null);
  };

  const wallNow = useNow(1000);
  const problemText = chosen.problem ? t(`replayPage.range.${chosen.problem}`) : error ? replayErrorText(error, t, lang) : null;
  const earliest = error instanceof ReplayApiError && error.code === 'OUT_OF_RETENTION' ? retentionOf(error.message).earliestStart : null;
  const view = live.feed.view;
  const building = opening || info?.status === 'building' || (sessionId !== null && !view && !gone);

  return (
    <div className="stage-outer">
      <div className="stage rp-stage" data-testid="replay" data-session={sessionId ?? ''}>
        <ReplayBanner info={info} connection={live.status} locale={locale} user={session.username} onSwitchLanguage={switchLanguage} />
        <div className={`rp-wall-frame${info ? ' active' : ''}`} data-testid="replay-frame">
          {view && info && !gone ? (
            <div className="rp-wall-scale">
              <ReplayWall
                view={view} clock={info.clock} wallNow={wallNow} sessionId={info.id} connection={live.status} alerts={openAlerts}
                focusParks={(info.parks ?? []) as ParkId[]} focusSources={(info.sources ?? []) as Source[]} locale={locale}
              />
            </div>
          ) : null}
          {gone ? (
            <div className="rp-notice" data-testid="replay-notice" data-kind="gone">
              <p>{t('replayPage.notice.closed')}</p>
              {info ? <button type="button" className="rp-btn primary" onClick={() => void openSession(info, { parks, sources }, null)}>{t('replayPage.range.reopen')}</button> : null}
            </div>
          ) : info?.status === 'failed' ? (
            <div className="rp-notice error" data-testid="replay-notice" data-kind="failed">{t('replayPage.notice.failed', { message: info.error ?? '' })}</div>
          ) : building ? (
            <div className="rp-notice" data-testid="replay-notice" data-kind="building">{t('replayPage.notice.building')}</div>
          ) : !sessionId ? (
            <div className="rp-notice" data-testid="replay-notice" data-kind="choose">{t('replayPage.notice.choose')}</div>
          ) : null}
          {view && sessionId && live.status !== 'live' ? <div className="rp-reconnecting" data-testid="replay-reconnecting">{t('replayPage.notice.reconnecting')}</div> : null}
        </div>
        <DryRunPanel
          api={api} range={dryRange} rangeProblem={chosen.problem ? t(`replayPage.range.${chosen.problem}`) : null} live={liveCount} locale={locale}
          open={dryRunOpen} onClose={closeDryRun} onUseEarliest={moveToEarliest}
        />
        <aside className="rp-side">
          <RangePicker
            fromText={fromText} toText={toText} onFrom={setFromText} onTo={setToText}
            onQuick={(q: QuickRange) => setInputs(quickRange(q, now()))}
            recentAlerts={recent} onBeforeAlert={(a) => setInputs(rangeBeforeAlert(a.firedAt, now()))}
            parks={parks} sources={sources} onParks={setParks} onSources={setSources}
            onOpen={open} opening={opening} problem={problemText} earliest={earliest}
            onUseEarliest={() => earliest !== null && moveToEarliest(earliest)}
            hasSession={sessionId !== null} dryRunOpen={dryRunOpen} onDryRun={() => setDryRunOpen((o) => !o)} locale={locale}
          />
          <AlertJumpList spans={[...liveSpans, ...replayAlertSpans]} clock={info?.clock ?? null} onJump={info ? jump : undefined} locale={locale} />
        </aside>
        <div className="rp-bottom">
          {range ? (
            <Timeline
              range={range} density={density} step={densityStep(range)} live={liveSpans} replay={replayAlertSpans}
              clock={info?.clock ?? null} onSeek={info ? seek : undefined} onJump={info ? jump : undefined} locale={locale}
            />
          ) : <div className="rp-timeline placeholder" />}
          <Controls
            info={info && !gone ? info : null}
            onPlay={() => control({ action: 'play' })}
            onPause={() => control({ action: 'pause' })}
            onStep={(d) => info && seek(info.clock + d * STEP_MS)}
            onSpeed={(s) => control({ action: 'speed', speed: s })}
            onExport={() => void exportRange()}
            exporting={exporting}
            onClose={() => void closeSession()}
            onLive={() => void backToLive()}
          />
        </div>
      </div>
    </div>
  );
}

export type { ReplayApi } from './api.ts';
export { ReplayApiError } from './api.ts';
