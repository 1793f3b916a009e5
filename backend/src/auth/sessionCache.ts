// Every request and socket checks that its session is still current (store.ts). Reading Redis for
// that on each request is cheap but not free, so a gateway keeps what it read for a few seconds —
// only while it is subscribed to the sessions channel, which tells it at once when any gateway ends
// a session (disable, new password, sign-out…). A change drops the entries concerned before the
// sockets are checked again, so "ended" takes effect on every gateway within the pub/sub delay. Should
// the subscription drop, the cache is switched off until it is back, then emptied.
import type { Redis } from 'ioredis';
import type { AuthStore, SessionChange, SessionReader, SessionState, UserSessionState } from './store.ts';

export const SESSION_CACHE_MS = 5000;
/** Past this many entries the cache starts over (a bound, not a tuning knob: a gateway has few users). */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  at: number;
  value: T;
}

export class SessionCache implements SessionReader {
  private readonly users = new Map<string, Entry<UserSessionState>>();
  private readonly sessions = new Map<string, Entry<SessionState | null>>();
  // Bumped on every change: a read that began before a change must not store its (older) answer.
  private generation = 0;

  constructor(private readonly store: AuthStore, private readonly ttlMs = SESSION_CACHE_MS, private readonly now: () => number = Date.now) {}

  userSessionState(username: string): Promise<UserSessionState> {
    return this.read(this.users, username, () => this.store.userSessionState(username));
  }

  sessionState(sid: string): Promise<SessionState | null> {
    return this.read(this.sessions, sid, () => this.store.sessionState(sid));
  }

  forget(change: SessionChange | 'all'): void {
    this.generation++;
    if (change === 'all') {
      this.users.clear();
      this.sessions.clear();
    } else if ('user' in change) {
      this.users.delete(change.user);
      // A kept session may have moved to the new version with it (own password change): read it again.
      for (const [sid, e] of this.sessions) if (e.value?.user === change.user) this.sessions.delete(sid);
    } else this.sessions.delete(change.sid);
  }

  private async read<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (map.size >= MAX_ENTRIES) map.clear();
      map.set(key, { at: this.now(), value });
    }
    return value;
  }
}

/** Parse a message of the sessions channel; null for anything else. */
export function parseSessionChange(message: string): SessionChange | null {
  try {
    const v = JSON.parse(message) as unknown;
    if (v && typeof v === 'object') {
      if ('user' in v && typeof v.user === 'string') return { user: v.user };
      if ('sid' in v && typeof v.sid === 'string') return { sid: v.sid };
    }
  } catch {
    /* not ours */
  }
  return null;
}

/**
 * Follow the sessions channel on `subscriber` (a pub/sub connection): keep the store's cache while
 * subscribed, drop what a change concerns, and tell `onChange` ('all' after a reconnect, when
 * changes may have been missed). Returns stop.
 */
export function watchSessions(store: AuthStore, subscriber: Redis, onChange: (change: SessionChange | 'all') => void, warn: (err: Error) => void, ttlMs = SESSION_CACHE_MS): () => void {
  const cache = new SessionCache(store, ttlMs);
  const channel = store.keys.sessions;
  const onMessage = (ch: string, message: string) => {
    if (ch !== channel) return;
    const change = parseSessionChange(message);
    if (!change) return;
    cache.forget(change);
    onChange(change);
  };
  let subscribed = false;
  const subscribe = () => {
    subscriber.subscribe(channel).then(() => {
      cache.forget('all');
      store.cache = cache;
      if (subscribed) onChange('all'); // back after a drop: whatever was announced meanwhile was missed
      subscribed = true;
    }, warn);
  };
  const onDown = () => {
    store.cache = null;
  };
  const onReady = () => {
    if (subscribed) subscribe();
  };
  subscriber.on('message', onMessage);
  subscriber.on('close', onDown);
  subscriber.on('ready', onReady);
  subscribe();
  return () => {
    store.cache = null;
    subscriber.off('message', onMessage);
    subscriber.off('close', onDown);
    subscriber.off('ready', onReady);
  };
}
