// /accounts: everyone's own password, and for administrators every account — create, display
// names, roles, disable or enable, a new password, delete. Disabling, a new role or a new password
// ends that person's sessions on every gateway at once (their screens return to the login page).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ROLE_NAMES, type Session, type User, can } from '@torch/shared';
import { errorText } from '../console/api.ts';
import { clearSession, loadSession, refreshSession, signOut } from '../net/session.ts';
import { useUrlLanguage } from '../net/usePageSession.ts';
import { AccountRow } from './AccountRow.tsx';
import { createAccountsApi } from './api.ts';
import { NewAccount } from './NewAccount.tsx';
import { OwnPassword } from './OwnPassword.tsx';
import '../console/console.css';
import './accounts.css';

export function AccountsPage() {
  const location = useLocation();
  const session = loadSession();
  if (!session) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Accounts session={session} />;
}

function Accounts({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const navigate = useNavigate();
  const [params] = useSearchParams();
  useUrlLanguage(params.get('lang'));
  const isAdmin = can(session.role, 'users:manage');

  const goToLogin = useCallback(() => {
    clearSession();
    navigate('/login?next=/accounts', { replace: true });
  }, [navigate]);
  const api = useMemo(() => createAccountsApi({
    token: () => loadSession()?.accessToken ?? null,
    refresh: async () => (await refreshSession())?.accessToken ?? null,
    onSignedOut: goToLogin,
  }), [goToLogin]);

  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const load = useCallback(async () => {
    try {
      setUsers(await api.list());
      setError(null);
    } catch (e) {
      setError(errorText(e, t, lang));
    }
  }, [api, t, lang]);
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);
  useEffect(() => {
    document.title = `${t('accounts.title')} · ${t('app.title')}`;
  }, [t]);

  const switchLanguage = () => {
    const to = lang === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('torch.lang', to);
    void i18n.changeLanguage(to);
    document.documentElement.lang = to;
  };
  const leave = async () => {
    await signOut();
    navigate('/login?next=/accounts', { replace: true });
  };

  return (
    <div className="console accounts-page" data-testid="accounts-page">
      <header className="console-head">
        <div className="brand">
          <span className="app">{t('app.title')}</span>
          <h1>{t('accounts.title')}</h1>
        </div>
        <span className="spacer" />
        <span className="user">{t('console.signedInAs', { user: session.displayName ?? session.username, role: ROLE_NAMES[session.role][lang] })}</span>
        <a className="btn ghost" href="/alerts">{t('console.title')}</a>
        <a className="btn ghost" href="/wall">{t('console.toWall')}</a>
        <button type="button" className="btn ghost" onClick={switchLanguage}>{t('console.switchLang')}</button>
        <button type="button" className="btn ghost" onClick={() => void leave()}>{t('console.signOut')}</button>
      </header>
      <main className="console-main accounts-main">
        {isAdmin ? (
          <section className="block accounts" data-testid="accounts-list">
            <div className="tab-head">
              <h3>{t('accounts.all')} {users ? <span className="count num">{users.length}</span> : null}</h3>
              <p className="muted">{t('accounts.explain')}</p>
              {!creating ? <button type="button" className="btn primary" onClick={() => setCreating(true)} data-testid="account-new">{t('accounts.new.title')}</button> : null}
            </div>
            {creating ? <NewAccount api={api} lang={lang} onCancel={() => setCreating(false)} onCreated={() => (setCreating(false), void load())} /> : null}
            {error ? <div className="notice-box error" role="alert">{error}</div> : null}
            {users === null && !error ? <p className="muted">{t('console.list.loading')}</p> : null}
            <ul className="account-list">
              {(users ?? []).map((u) => <AccountRow key={u.username} user={u} self={u.username === session.username} api={api} lang={lang} onChanged={load} />)}
            </ul>
          </section>
        ) : null}
        <OwnPassword api={api} username={session.username} lang={lang} />
      </main>
    </div>
  );
}
