// Where the screens get their token: a kiosk link's `?token=` (display token, kept for reloads),
// or a signed-in user's session.
import type { Session } from '@torch/shared';
import type { ConnectionAuth } from './connection.ts';

const SESSION_KEY = 'torch.session';
const DISPLAY_KEY = 'torch.displayToken';

export function displayTokenFromUrl(search: string): string | null {
  return new URLSearchParams(search).get('token');
}

/**
 * The wall's credentials: a kiosk link's display token (kept for reloads; nothing to renew), or a
 * signed-in user's session, renewed before it runs out (a wall stays on for days).
 */
export function wallAuth(search: string): ConnectionAuth {
  const fromUrl = displayTokenFromUrl(search);
  if (fromUrl) {
    localStorage.setItem(DISPLAY_KEY, fromUrl);
    return { token: () => fromUrl };
  }
  const session = loadSession();
  if (session) return { ...sessionAuth(() => window.location.assign('/login?next=/wall')), expiresIn: session.expiresIn };
  const stored = localStorage.getItem(DISPLAY_KEY);
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

async function doRefresh(): Promise<Session | null> {
  const s = loadSession();
  if (!s) return null;
  const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: s.refreshToken }) });
  if (!res.ok) return null;
  const next = (await res.json()) as Session;
  saveSession(next);
  return next;
}
