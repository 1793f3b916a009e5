// One connection status for the whole UI and the latest view, kept by a snapshot on connect and
// deltas after. On reconnect the client says where it was (room, epoch, sequence) and gets what
// it missed or a fresh snapshot. The last good view stays on screen while disconnected. The same
// socket brings the open alerts (whole, on connect and on every change), for the banner and the map.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  type AlertsMessage, type ClientToServerEvents, type HelloMessage, type MetricsView, PROTOCOL_VERSION, type Room, type ServerToClientEvents, withChanges,
} from '@torch/shared';
import type { OpenAlert } from '../alerts/describe.ts';

export type ConnectionStatus = 'connecting' | 'live' | 'stale' | 'offline';

export interface LiveState {
  status: ConnectionStatus;
  view: MetricsView | null;
  /** When the last snapshot or delta arrived (client clock). */
  receivedAt: number | null;
  catchingUp: boolean;
  hello: HelloMessage | null;
  error: string | null;
  /** Open alerts, newest first (null until the gateway sent them; display tokens may read them). */
  alerts: OpenAlert[] | null;
}

/** Disconnected this long with data still on screen: stale; longer: offline. */
const OFFLINE_AFTER_MS = 30_000;
/** A wall runs for days: however many alerts are open, it keeps the newest this many. */
export const MAX_OPEN_ALERTS = 200;

export function boundOpenAlerts(m: AlertsMessage): OpenAlert[] {
  const open = Array.isArray(m?.open) ? m.open : [];
  return [...open].sort((a, b) => b.firedAt - a.firedAt).slice(0, MAX_OPEN_ALERTS);
}

export function useLiveView(token: string | null, room: Room = 'zone'): LiveState {
  const [state, setState] = useState<LiveState>({ status: 'connecting', view: null, receivedAt: null, catchingUp: false, hello: null, error: null, alerts: null });
  const position = useRef<{ epoch: string; seq: number } | null>(null);
  const viewRef = useRef<MetricsView | null>(null);

  useEffect(() => {
    // A new room or token starts from a snapshot: sequences count per room.
    position.current = null;
    viewRef.current = null;
    if (!token) {
      setState((s) => ({ ...s, status: 'offline', error: 'needToken' }));
      return;
    }
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      auth: (cb) => cb({ token, protocol: PROTOCOL_VERSION, ...(position.current ? { resume: { room, epoch: position.current.epoch, lastSeq: position.current.seq } } : {}) }),
    });
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const onHello = (hello: HelloMessage) => setState((s) => ({ ...s, hello }));
    const onSnapshot: ServerToClientEvents['snapshot'] = (m) => {
      viewRef.current = m.view;
      position.current = { epoch: m.epoch, seq: m.seq };
      setState((s) => ({ ...s, status: 'live', view: m.view, receivedAt: Date.now(), catchingUp: m.catchingUp, error: null }));
    };
    const onDelta: ServerToClientEvents['delta'] = (m) => {
      const current = viewRef.current;
      if (!current || !position.current || m.epoch !== position.current.epoch || m.seq !== position.current.seq + 1) {
        // A gap: ask for what is missing (or a snapshot) instead of applying out of order.
        void socket.emitWithAck('resume', { room, epoch: position.current?.epoch ?? '', lastSeq: position.current?.seq ?? 0 });
        return;
      }
      // Copy only along changed paths: panels whose slice is the same object skip re-rendering.
      const next = withChanges(current, m.changes);
      viewRef.current = next;
      position.current = { epoch: m.epoch, seq: m.seq };
      setState((s) => ({ ...s, status: 'live', view: next, receivedAt: Date.now(), catchingUp: m.catchingUp }));
    };
    const onConnect = () => clearTimeout(offlineTimer);
    const onDisconnect = () => {
      setState((s) => ({ ...s, status: s.view ? 'stale' : 'connecting' }));
      clearTimeout(offlineTimer);
      offlineTimer = setTimeout(() => setState((s) => ({ ...s, status: 'offline' })), OFFLINE_AFTER_MS);
    };
    const onConnectError = (err: Error & { data?: { error?: { code?: string } } }) => {
      const code = err.data?.error?.code ?? null;
      if (code === 'PROTOCOL_MISMATCH') window.location.reload();
      setState((s) => ({ ...s, status: s.view ? 'stale' : 'offline', error: code }));
      // A refused handshake (bad token, or the gateway could not check it): socket.io does not
      // retry by itself after a middleware error, so try again later.
      if (!socket.active) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => socket.connect(), 10_000);
      }
    };
    const onAlerts = (m: AlertsMessage) => setState((s) => ({ ...s, alerts: boundOpenAlerts(m) }));
    const onEnded = () => setState((s) => ({ ...s, status: 'offline', error: 'UNAUTHENTICATED' }));

    socket.on('hello', onHello);
    socket.on('snapshot', onSnapshot);
    socket.on('delta', onDelta);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.on('session_ended', onEnded);
    socket.on('alerts', onAlerts);
    return () => {
      clearTimeout(offlineTimer);
      clearTimeout(retryTimer);
      socket.off('hello', onHello);
      socket.off('snapshot', onSnapshot);
      socket.off('delta', onDelta);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('session_ended', onEnded);
      socket.off('alerts', onAlerts);
      socket.close();
    };
  }, [token, room]);

  return state;
}
