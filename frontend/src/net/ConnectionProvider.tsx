// The page's one connection, for React: a provider at the top of each page, and hooks for what a
// component needs of it: the connection's state, one view channel, or the open alerts.
import { type ReactNode, createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { AlertsMessage, Channel, ChannelState, WallAlertsMessage } from '@torch/shared';
import { type ConnectionAuth, type ConnectionState, type ConnectionStatus, Connection, type OpenSocket, type Subscription, channelStatus } from './connection.ts';

const ConnectionContext = createContext<Connection | null>(null);

const CONNECTING: ConnectionState = { status: 'connecting', hello: null, error: null, downSince: null };
const noop = () => () => {};

export interface ConnectionProviderProps {
  auth: ConnectionAuth;
  children: ReactNode;
  /** Tests pass a socket of their own. */
  open?: OpenSocket;
}

export function ConnectionProvider({ auth, children, open }: ConnectionProviderProps) {
  // The latest auth callbacks, without reconnecting when the page re-renders them.
  const authRef = useRef(auth);
  useEffect(() => {
    authRef.current = auth;
  });
  const [connection, setConnection] = useState<Connection | null>(null);
  useEffect(() => {
    const a = authRef.current;
    const c = new Connection(
      { token: () => authRef.current.token(), ...(a.refresh ? { refresh: () => authRef.current.refresh!() } : {}), onSignedOut: () => authRef.current.onSignedOut?.(), ...(a.expiresIn ? { expiresIn: a.expiresIn } : {}) },
      open,
    );
    setConnection(c);
    return () => c.close();
  }, [open]);
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

/** Re-render on any change of the page's connection. */
function useChanges(c: Connection | null): (listener: () => void) => () => void {
  return useCallback((l: () => void) => (c ? c.onChange(l) : noop()), [c]);
}

export function useConnection(): ConnectionState {
  const c = useContext(ConnectionContext);
  return useSyncExternalStore(useChanges(c), () => c?.current ?? CONNECTING);
}

export interface ChannelView<M> {
  status: ConnectionStatus;
  state: ChannelState<M> | null;
  problem: string | null;
}

/** Hold one channel while the component is mounted (null: none). */
export function useSubscription<M>(channel: Channel | null, merge?: (held: M | null, got: M) => M): Subscription<M> | null {
  const c = useContext(ConnectionContext);
  const mergeRef = useRef(merge);
  useEffect(() => {
    if (!c || !channel) return;
    return c.hold<M>(channel, mergeRef.current);
  }, [c, channel]);
  return useSyncExternalStore(useChanges(c), () => (c && channel ? c.subscription<M>(channel) : null));
}

/** One view channel (a live room, a replay session): its view, meta and an honest status. */
export function useChannel<M>(channel: Channel | null, merge?: (held: M | null, got: M) => M): ChannelView<M> {
  const connection = useConnection();
  const sub = useSubscription<M>(channel, merge);
  return { status: channelStatus(connection, sub as Subscription | null), state: sub?.state ?? null, problem: sub?.problem ?? null };
}

/** The open alerts, pushed whole on every change (null until they arrived, or when not allowed). */
export function useAlerts(enabled = true): { message: AlertsMessage | WallAlertsMessage | null; status: ConnectionStatus; problem: string | null } {
  const connection = useConnection();
  const sub = useSubscription<never>(enabled ? 'alerts' : null);
  return { message: sub?.alerts ?? null, status: channelStatus(connection, sub as Subscription | null), problem: sub?.problem ?? null };
}
