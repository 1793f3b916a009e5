import { type ComponentType, StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { initI18n, pickLanguage } from './i18n/index.ts';
import './styles.css';

// One chunk per page, loaded when its route is opened: the login form and the alerts console do
// not download deck.gl (the wall and replay pages do). tests/ops/bundle.test.ts checks this on the
// built manifest.
const Wall = page(() => import('./wall/Wall.tsx').then((m) => m.Wall));
const Login = page(() => import('./pages/Login.tsx').then((m) => m.Login));
const AlertsConsole = page(() => import('./console/AlertsConsole.tsx').then((m) => m.AlertsConsole));
const ReplayPage = page(() => import('./replay/ReplayPage.tsx').then((m) => m.ReplayPage));
const AccountsPage = page(() => import('./accounts/AccountsPage.tsx').then((m) => m.AccountsPage));

const RELOADED_KEY = 'torch.chunkReload';

/** A lazily loaded page. If its chunk cannot be fetched (most likely a new build was deployed
 *  since this page loaded, and the old chunk names are gone), reload once to get the new build. */
function page(load: () => Promise<ComponentType>) {
  return lazy(async () => {
    try {
      const component = await load();
      sessionStorage.removeItem(RELOADED_KEY);
      return { default: component };
    } catch (err) {
      if (!sessionStorage.getItem(RELOADED_KEY)) {
        sessionStorage.setItem(RELOADED_KEY, '1');
        window.location.reload();
        return new Promise<never>(() => {});
      }
      throw err;
    }
  });
}

/** Shown while a page's chunk loads: the dark page background and nothing else, so a wall
 *  never flashes white or shows a spinner on the control-room screen. */
function Loading() {
  return <div className="page-loading" aria-busy="true" />;
}

initI18n(pickLanguage(window.location.search, localStorage.getItem('torch.lang')));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/wall" element={<Wall />} />
          <Route path="/login" element={<Login />} />
          <Route path="/alerts" element={<AlertsConsole />} />
          <Route path="/replay" element={<ReplayPage />} />
          <Route path="/accounts" element={<AccountsPage />} />
          <Route path="*" element={<Navigate to="/wall" replace />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  </StrictMode>,
);
