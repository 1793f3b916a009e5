// One Socket.IO connection per page, and everything about it in one place: the token it presents
// and its renewal, reconnection, refused handshakes, the protocol version, and the channels the
// page subscribed to. Each channel is re-subscribed after every reconnect with where it stood, so
// it gets the missed deltas or a snapshot, and counts as current only once the gateway answered.
// No React here: the provider and hooks (ConnectionProvider.tsx) read it; tests drive it directly.
import { io, type Socket } from 'socket.io-client';
import {
  type Ack, type AlertsMessage, type WallAlertsMessage, type Channel, type ChannelMessage, type ChannelState, type ClientToServerEvents, EMPTY_CHANNEL, type HelloMessage,
  PROTOCOL_VERSION, type ServerToClientEvents, type SubscribeResult, applyViewMessage, positionOf,
} from '@torch/shared';

export type ConnectionStatus = 'connecting' | 'live' | 'stale' | 'offline';
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectionAuth {
  /** The token to present now (read at every handshake: it may have been renewed meanwhile). */
  token(): string | null;
  /** Renew a signed-in user's session; absent for a kiosk's display token (nothing to renew). */
  refresh?: () => Promise<string | null>;
  /** The session could not be renewed: sign in again. */
  onSignedOut?: () => void;
  /** How long an access token lives, seconds: it is renewed at 80 % of that. */
  expiresIn?: number;
}

export interface ConnectionState {
  status: ConnectionStatus;
  hello: HelloMessage | null;
  /** Why the gateway refused or ended the connection (an error code), or 'needToken'. */
  error: string | null;
  /** Since when the page has had no connection (client clock); null while connected. */
  downSince: number | null;
}

export interface Subscription<M = unknown> {
  channel: Channel;
  /** The view and its meta (view channels). */
  state: ChannelState<M>;
  /** The latest open alerts (the alerts channel). */
  alerts: AlertsMessage | WallAlertsMessage | null;
  /** The gateway answered the subscription on this connection: what is held is current. */
  confirmed: boolean;
  /** The channel cannot be had: 'gone' (no such session), 'forbidden', or another error code. */
  problem: string | null;
}

/** Disconnected this long with data still on screen: stale; longer: offline. */
export const OFFLINE_AFTER_MS = 30_000;
/** Re-subscriptions after a gap are spaced by at least this much, so a burst of deltas asks once. */
const RESYNC_MIN_MS = 500;
/** A refused handshake is not retried by socket.io itself: try again after this. */
const RETRY_REFUSED_MS = 10_000;
/** The session could not be renewed because the gateway was unreachable: try again after this. */
const RETRY_UNAVAILABLE_MS = 3000;

export type OpenSocket = (auth: (cb: (data: object) => void) => void) => ClientSocket;

const openDefault: OpenSocket = (auth) =>
  io({ path: '/socket.io', transports: ['websocket'], reconnectionDelay: 1000, reconnectionDelayMax: 5000, auth });

interface Entry {
  sub: Subscription<never>;
  refs: number;
  merge: ((held: unknown, got: unknown) => unknown) | undefined;
  lastResync: number;
}

export class Connection {
  private readonly socket: ClientSocket;
  private state: ConnectionState = { status: 'connecting', hello: null, error: null, downSince: null };
  private readonly entries = new Map<Channel, Entry>();
  private readonly listeners = new Set<() => void>();
  private timers: { offline?: ReturnType<typeof setTimeout>; retry?: ReturnType<typeof setTimeout>; renew?: ReturnType<typeof setInterval> } = {};
  private closed = false;

  constructor(private readonly auth: ConnectionAuth, open: OpenSocket = openDefault, private readonly now: () => number = Date.now) {
    this.socket = open((cb) => cb({ token: this.auth.token() ?? '', protocol: PROTOCOL_VERSION }));
    const s = this.socket;
    s.on('connect', this.onConnect);
    s.on('disconnect', this.onDisconnect);
    s.on('connect_error', this.onConnectError);
    s.on('hello', this.onHello);
    s.on('view', this.onView);
    s.on('alerts', this.onAlerts);
    s.on('session_ended', this.onEnded);
    if (!auth.token()) this.set({ status: 'offline', error: 'needToken' });
    if (auth.refresh && auth.expiresIn) {
      const every = Math.max(30, auth.expiresIn * 0.8) * 1000;
      this.timers.renew = setInterval(() => void this.renew(), every);
    }
  }

  // ---- what the page reads -------------------------------------------------------------------

  get current(): ConnectionState {
    return this.state;
  }

  /** The subscription of a channel, or null when the page holds none. A new object on every change. */
  subscription<M>(channel: Channel): Subscription<M> | null {
    return (this.entries.get(channel)?.sub as Subscription<M> | undefined) ?? null;
  }

  /** Called on any change of the connection or of a subscription. Returns the remover. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Hold a channel (counted: two panels of one page share one subscription). `merge` combines the
   * meta held with a delta's (a replay's alerts come whole, and only when they changed).
   * Returns the release.
   */
  hold<M>(channel: Channel, merge?: (held: M | null, got: M) => M): () => void {
    let e = this.entries.get(channel);
    if (!e) {
      e = { sub: { channel, state: EMPTY_CHANNEL, alerts: null, confirmed: false, problem: null }, refs: 0, merge: merge as Entry['merge'], lastResync: 0 };
      this.entries.set(channel, e);
      this.subscribe(channel);
      this.emit();
    }
    e.refs++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const held = this.entries.get(channel);
      if (!held || --held.refs > 0) return;
      this.entries.delete(channel);
      if (this.socket.connected) this.socket.emit('unsubscribe', { channel }, () => {});
      this.emit();
    };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timers.offline);
    clearTimeout(this.timers.retry);
    clearInterval(this.timers.renew);
    for (const channel of this.entries.keys()) if (this.socket.connected) this.socket.emit('unsubscribe', { channel }, () => {});
    this.entries.clear();
    const s = this.socket;
    s.off('connect', this.onConnect);
    s.off('disconnect', this.onDisconnect);
    s.off('connect_error', this.onConnectError);
    s.off('hello', this.onHello);
    s.off('view', this.onView);
    s.off('alerts', this.onAlerts);
    s.off('session_ended', this.onEnded);
    s.close();
    this.listeners.clear();
  }

  // ---- internals -------------------------------------------------------------------------------

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  private set(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch };
    this.emit();
  }

  private update(channel: Channel, patch: Partial<Subscription<never>>): void {
    const e = this.entries.get(channel);
    if (!e) return;
    e.sub = { ...e.sub, ...patch };
    this.emit();
  }

  /** Ask for a channel, from where the page stands in it; the answer confirms it is current. */
  private subscribe(channel: Channel): void {
    if (!this.socket.connected) return; // subscribed on connect
    const e = this.entries.get(channel)!;
    e.lastResync = this.now();
    const resume = positionOf(e.sub.state);
    this.socket.timeout(10_000).emit('subscribe', { channel, ...(resume ? { resume } : {}) }, (err: Error | null, r: Ack<SubscribeResult>) => {
      if (this.entries.get(channel) !== e || !this.socket.connected) return;
      if (err) return this.subscribe(channel); // no answer on a live connection: ask again
      if (r.ok) return this.update(channel, { confirmed: true, problem: null });
      const code = r.error.code;
      this.update(channel, { confirmed: false, problem: code === 'NOT_FOUND' ? 'gone' : code === 'FORBIDDEN' ? 'forbidden' : code });
    });
  }

  private readonly onConnect = () => {
    clearTimeout(this.timers.offline);
    for (const e of this.entries.values()) e.sub = { ...e.sub, confirmed: false };
    this.set({ status: 'live', error: null, downSince: null });
    for (const channel of this.entries.keys()) this.subscribe(channel);
  };

  private readonly onDisconnect = () => {
    for (const e of this.entries.values()) e.sub = { ...e.sub, confirmed: false };
    const anyData = [...this.entries.values()].some((e) => e.sub.state.view !== null || e.sub.alerts !== null);
    this.set({ status: anyData ? 'stale' : 'connecting', downSince: this.state.downSince ?? this.now() });
    clearTimeout(this.timers.offline);
    this.timers.offline = setTimeout(() => this.set({ status: 'offline' }), OFFLINE_AFTER_MS);
  };

  private readonly onConnectError = (err: Error & { data?: { error?: { code?: string } } }) => {
    const code = err.data?.error?.code ?? null;
    if (code === 'PROTOCOL_MISMATCH') return reloadOnce(this.now());
    this.set({ status: this.state.status === 'live' || this.state.status === 'stale' ? 'stale' : 'offline', error: code, downSince: this.state.downSince ?? this.now() });
    if ((code === 'TOKEN_EXPIRED' || code === 'UNAUTHENTICATED') && this.auth.refresh) return void this.renewAndReconnect();
    if (!this.socket.active) this.retry(RETRY_REFUSED_MS);
  };

  private readonly onHello = (hello: HelloMessage) => this.set({ hello });

  private readonly onView = (m: ChannelMessage) => {
    const e = this.entries.get(m?.channel as Channel);
    if (!e) return;
    const r = applyViewMessage(e.sub.state as ChannelState<unknown>, m, m.channel, e.merge);
    if (r.kind === 'ignored') return;
    this.update(m.channel as Channel, { state: r.state as ChannelState<never> });
    // A delta went missing: ask again from where the page stands (the missed ones, or a snapshot).
    if (r.kind === 'gap' && this.now() - e.lastResync > RESYNC_MIN_MS) this.subscribe(m.channel as Channel);
  };

  private readonly onAlerts = (m: AlertsMessage | WallAlertsMessage) => this.update('alerts', { alerts: m });

  private readonly onEnded = (m: { reason: 'expired' | 'revoked' }) => {
    if (m.reason === 'expired' && this.auth.refresh) return void this.renewAndReconnect();
    this.set({ status: 'offline', error: 'UNAUTHENTICATED' });
  };

  private retry(ms: number): void {
    clearTimeout(this.timers.retry);
    this.timers.retry = setTimeout(() => !this.closed && this.socket.connect(), ms);
  }

  /**
   * A renewed access token; null when the session is over (the refresh token was refused);
   * 'unavailable' when the gateway could not be asked (restarting, unreachable): try again later,
   * never sign out for that.
   */
  private async refreshed(): Promise<string | null | 'unavailable'> {
    try {
      return (await this.auth.refresh?.()) ?? null;
    } catch (e) {
      console.warn('session renewal could not reach the gateway; trying again', e);
      return 'unavailable';
    }
  }

  /** Renew the session, then hand the new token to the open socket (it is not closed at expiry). */
  private async renew(): Promise<void> {
    const token = await this.refreshed();
    if (this.closed || token === 'unavailable') return; // the next round, or the reconnect, renews
    if (!token) return this.auth.onSignedOut?.();
    if (this.socket.connected) this.socket.emit('session_renew', { token }, () => {});
  }

  private async renewAndReconnect(): Promise<void> {
    const token = await this.refreshed();
    if (this.closed) return;
    if (token === 'unavailable') this.retry(RETRY_UNAVAILABLE_MS);
    else if (token) this.retry(200);
    else this.auth.onSignedOut?.();
  }
}

/** A page built for another protocol reloads to get the gateway's build, at most once a minute. */
function reloadOnce(now: number): void {
  const key = 'torch.reloadedAt';
  const last = Number(sessionStorage.getItem(key) ?? 0);
  if (now - last < 60_000) return;
  sessionStorage.setItem(key, String(now));
  window.location.reload();
}

/** What a page shows of one channel: live only when connected and the gateway confirmed it. */
export function channelStatus(connection: ConnectionState, sub: Subscription | null): ConnectionStatus {
  if (connection.status !== 'live') return connection.status;
  return sub?.confirmed ? 'live' : sub && (sub.state.view || sub.alerts) ? 'stale' : 'connecting';
}
