// Where the screens get their token: a kiosk link's `?token=` (display token, moved out of the
// address bar into storage), or a signed-in user's session.
import type { Session } from '@torch/shared';
import type { ConnectionAuth } from './connection.ts';

const SESSION_KEY = 'torch.session';
/** Before tokens were kept per page path: still read, so a wall stored that way keeps working. */
const LEGACY_DISPLAY_KEY = 'torch.displayToken';
const displayKey = (path: string) => `${LEGACY_DISPLAY_KEY}:${path.replace(/\/+$/, '') || '/'}`;

/**
 * A kiosk link's display token, taken out of the address: kept in localStorage under the page's
 * path (a wall PC whose browser restarts comes back by itself; opening a newer kiosk link replaces
 * what was kept), and the history entry replaced by the same address without it, so the token is
 * not on screen, in history or bookmarks, nor in the proxy's log of any later load. Other options
 * (lang, metric…) stay. When it cannot be stored, it stays in the address so a reload still works.
 */
export function takeDisplayToken(loc: Pick<Location, 'pathname' | 'search' | 'hash'> = window.location, history: Pick<History, 'replaceState' | 'state'> = window.history, storage: Pick<Storage, 'setItem'> = localStorage): string | null {
  const q = new URLSearchParams(loc.search);
  const token = q.get('token');
  if (!token) return null;
  try {
    storage.setItem(displayKey(loc.pathname), token);
  } catch (e) {
    console.warn('could not keep the kiosk token (storage refused); it stays in the address', e);
    return token;
  }
  q.delete('token');
  const rest = q.toString();
  history.replaceState(history.state, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`);
  return token;
}

/** The display token kept for this page by an earlier kiosk link, if any. */
export function storedDisplayToken(path: string, storage: Pick<Storage, 'getItem'> = localStorage): string | null {
  return storage.getItem(displayKey(path)) ?? storage.getItem(LEGACY_DISPLAY_KEY);
}

/**
 * The wall's credentials: a kiosk link's display token (nothing to renew), or a signed-in user's
 * session, renewed before it runs out (a wall stays on for days), or the display token an earlier
 * kiosk link left in storage.
 */
export function wallAuth(): ConnectionAuth {
  const fromUrl = takeDisplayToken();
  if (fromUrl) return { token: () => fromUrl };
  const session = loadSession();
  if (session) return { ...sessionAuth(() => window.location.assign('/login?next=/wall')), expiresIn: session.expiresIn };
  const stored = storedDisplayToken(window.location.pathname);
  return { token: () => stored };
}

/** A signed-in page's credentials: the stored session's access token, renewed through the refresh token. */
export type SessionAuth = ConnectionAuth & Required<Pick<ConnectionAuth, 'refresh' | 'onSignedOut'>>;

export function sessionAuth(onSignedOut: () => void): SessionAuth {
  return {
    token: () => loadSession()?.accessToken ?? null,
    refresh: async () => (await refreshSession())?.accessToken ?? null,
    onSignedOut: () => {
      clearSession();
      onSignedOut();
    },
    expiresIn: loadSession()?.expiresIn ?? 900,
  };
}

export function loadSession(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(s));
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
}

/** Sign out here and, best effort, on the gateway (the refresh token stops working). */
export async function signOut(): Promise<void> {
  const s = loadSession();
  clearSession();
  if (s) await fetch('/api/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: s.refreshToken }) }).catch((e: unknown) => console.warn('sign-out could not reach the gateway; the refresh token runs out by itself', e));
}

/**
 * Where to go after signing in: a path on this site only (`/alerts?id=…`), never another origin,
 * so a crafted link cannot bounce a fresh session elsewhere.
 */
export function safeNext(search: string, fallback: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}

/**
 * Refresh a user's session before it expires; display tokens are long-lived and need none. One
 * refresh at a time: refresh tokens rotate, so a second concurrent call would present a spent one.
 */
let refreshing: Promise<Session | null> | null = null;
export function refreshSession(): Promise<Session | null> {
  refreshing ??= doRefresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** The gateway could not be asked (down, restarting, overloaded): the session may well be fine. */
export class RefreshUnavailable extends Error {}

/**
 * null only when the gateway refused the refresh token (the session is over); a gateway that cannot
 * be reached or answers 5xx/429 throws RefreshUnavailable, so a restart never signs a wall out.
 */
async function doRefresh(): Promise<Session | null> {
  const s = loadSession();
  if (!s) return null;
  let res: Response;
  try {
    res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: s.refreshToken }) });
  } catch (e) {
    throw new RefreshUnavailable((e as Error).message);
  }
  if (res.status >= 500 || res.status === 429) throw new RefreshUnavailable(`refresh answered ${res.status}`);
  if (!res.ok) return null;
  const next = (await res.json()) as Session;
  saveSession(next);
  return next;
}
