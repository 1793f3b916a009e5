// The officials' console at /alerts: alerts (list and detail), silences, the rules in force and the
// audit trail, for a signed-in user. Officials and administrators act; operators read. `?id=` opens
// one alert directly (the webhook's links use it); `?tab=` picks the tab.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { type AlertsMessage, type Locale, type WallAlertsMessage, ROLE_NAMES, type Rule, type Session, can, sessionCan } from '@torch/shared';
import { ConnectionProvider, useAlerts } from '../net/ConnectionProvider.tsx';
import { clearSession, loadSession, refreshSession, sessionAuth, signOut } from '../net/session.ts';
import { useUrlLanguage } from '../net/usePageSession.ts';
import { UserNamesProvider } from '../net/userNames.tsx';
import { type AlertsApi, type RulesResponse, createApi, errorText } from './api.ts';
import { AlertsTab, type LiveChanges } from './AlertsTab.tsx';
import { AuditTab } from './AuditTab.tsx';
import { RulesTab } from './RulesTab.tsx';
import { SilencesTab } from './SilencesTab.tsx';
import './console.css';

const TABS = ['alerts', 'silences', 'rules', 'audit'] as const;
type Tab = (typeof TABS)[number];

export function AlertsConsole() {
  const location = useLocation();
  const session = loadSession();
  if (!session) {
    // The login page speaks the language the link asked for, too.
    const lang = new URLSearchParams(location.search).get('lang');
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}${lang ? `&lang=${encodeURIComponent(lang)}` : ''}`} replace />;
  }
  return <ConsolePage session={session} />;
}

/** One connection for the page: it brings the open alerts and renews the session. */
function ConsolePage({ session }: { session: Session }) {
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location.pathname + location.search);
  here.current = location.pathname + location.search;
  const auth = useMemo(() => sessionAuth(() => navigate(`/login?next=${encodeURIComponent(here.current)}`, { replace: true })), [navigate]);
  return (
    <ConnectionProvider auth={auth}>
      <ConsoleBody session={session} />
    </ConnectionProvider>
  );
}

function ConsoleBody({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const lang = locale === 'en' ? 'en' : 'zh';
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'alerts';
  const selectedId = params.get('id');
  const role = session.role;

  const here = useRef(location.pathname + location.search);
  here.current = location.pathname + location.search;
  const goToLogin = useCallback(() => {
    clearSession();
    navigate(`/login?next=${encodeURIComponent(here.current)}`, { replace: true });
  }, [navigate]);
  const auth = useMemo(() => ({
    token: () => loadSession()?.accessToken ?? null,
    refresh: async () => (await refreshSession())?.accessToken ?? null,
    onSignedOut: goToLogin,
  }), [goToLogin]);
  const api: AlertsApi = useMemo(() => createApi(auth), [auth]);

  useUrlLanguage(params.get('lang'));

  useEffect(() => {
    document.title = `${t('console.title')} · ${t('app.title')}`;
  }, [t]);

  // Live: refetch the list when alerts changed, or when silencing changed what is open.
  const [live, setLive] = useState<LiveChanges>({ tick: 0, changed: [] });
  const [anyTick, setAnyTick] = useState(0);
  const [openFiring, setOpenFiring] = useState<number | null>(null);
  const lastSig = useRef('');
  const onAlerts = useCallback((m: AlertsMessage | WallAlertsMessage) => {
    const open = Array.isArray(m.open) ? m.open : [];
    const sig = open.map((a) => `${a.id}:${a.status}:${a.silenced}`).join(',');
    setOpenFiring(open.filter((a) => a.status === 'firing' && !a.silenced).length);
    setAnyTick((x) => x + 1);
    if (m.changed.length > 0 || sig !== lastSig.current) setLive((l) => ({ tick: l.tick + 1, changed: m.changed }));
    lastSig.current = sig;
  }, []);
  const { message, status } = useAlerts();
  useEffect(() => {
    if (message) onAlerts(message);
  }, [message, onAlerts]);

  // The rules: for every condition summary and unit, and the rules tab.
  const [rules, setRules] = useState<RulesResponse | null>(null);
  const [rulesError, setRulesError] = useState<string | null>(null);
  const canAudit = can(role, 'alerts:audit');
  useEffect(() => {
    if (!canAudit) return;
    api.rules().then((r) => (setRules(r), setRulesError(null)), (e: unknown) => setRulesError(errorText(e, t, lang)));
  }, [api, canAudit, tab, t, lang]);
  const ruleMap = useMemo(() => new Map<string, Rule>((rules?.rules ?? []).map((r) => [r.id, r])), [rules]);

  const setParam = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const switchLanguage = () => {
    const to = locale === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('torch.lang', to);
    void i18n.changeLanguage(to);
    document.documentElement.lang = to;
    if (params.has('lang')) setParam({ lang: null });
  };
  const leave = async () => {
    await signOut();
    navigate('/login?next=/alerts', { replace: true });
  };

  return (
    <div className="console" data-testid="console">
      <header className="console-head">
        <div className="brand">
          <span className="app">{t('app.title')}</span>
          <h1>{t('console.title')}</h1>
        </div>
        <span className="conn" data-testid="console-connection" data-status={status}>
          <span className={`dot ${status}`} />
          {t(`status.${status}`)}
        </span>
        <span className="spacer" />
        <span className="user">{t('console.signedInAs', { user: session.displayName ?? session.username, role: ROLE_NAMES[role][lang] })}</span>
        <a className="btn ghost" href="/accounts" data-testid="to-accounts">{t('console.toAccounts')}</a>
        <a className="btn ghost" href="/wall">{t('console.toWall')}</a>
        <button type="button" className="btn ghost" onClick={switchLanguage} data-testid="switch-lang">{t('console.switchLang')}</button>
        <button type="button" className="btn ghost" onClick={() => void leave()}>{t('console.signOut')}</button>
      </header>
      <nav className="tabs" role="tablist">
        {TABS.filter((x) => x === 'alerts' || x === 'silences' || canAudit).map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? 'on' : ''} data-testid={`tab-${x}`} onClick={() => setParam({ tab: x === 'alerts' ? null : x })}>
            {t(`console.tabs.${x}`)}
            {x === 'alerts' && openFiring ? <span className="tab-badge num">{openFiring}</span> : null}
            {x === 'rules' && rules?.status.errors ? <span className="tab-badge warn">!</span> : null}
          </button>
        ))}
      </nav>
      <UserNamesProvider load={canAudit && api.names ? api.names : null}>
      <main className="console-main">
        {tab === 'alerts' ? (
          <AlertsTab
            api={api}
            rules={ruleMap}
            rulesLoaded={rules !== null || !canAudit}
            canAct={can(role, 'alerts:act')}
            canSilence={sessionCan(session, 'alerts:silence')}
            canReplay={can(role, 'replay:use')}
            canAudit={canAudit}
            locale={locale}
            live={live}
            selectedId={selectedId}
            onSelect={(id) => setParam({ id })}
          />
        ) : tab === 'silences' ? (
          <SilencesTab api={api} rules={ruleMap} canSilence={sessionCan(session, 'alerts:silence')} locale={locale} tick={anyTick} />
        ) : tab === 'rules' ? (
          <RulesTab data={rules} error={rulesError} locale={locale} />
        ) : (
          <AuditTab api={api} locale={locale} tick={anyTick} onOpen={(id) => setParam({ tab: null, id })} />
        )}
      </main>
      </UserNamesProvider>
    </div>
  );
}
