// The console's live channel: a socket listened to for `alerts` only (the gateway sends every socket
// the metric snapshot and deltas too; nothing here renders them). A signed-in user's token expires
// every few minutes, so a refused or ended socket renews the session and connects again.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { type AlertsMessage, type ClientToServerEvents, PROTOCOL_VERSION, type ServerToClientEvents } from '@torch/shared';
import type { ConnectionStatus } from './useLiveView.ts';

export interface AlertEventsOptions {
  token: () => string | null;
  refresh: () => Promise<string | null>;
  onSignedOut: () => void;
}

export function useAlertEvents(onMessage: (m: AlertsMessage) => void, options: AlertEventsOptions): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const handler = useRef(onMessage);
  const opts = useRef(options);
  useEffect(() => {
    handler.current = onMessage;
    opts.current = options;
  });

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      auth: (cb) => cb({ token: opts.current.token() ?? '', protocol: PROTOCOL_VERSION }),
    });
    let retry: ReturnType<typeof setTimeout> | undefined;
    const again = (ms: number) => {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), ms);
    };
    const renew = async () => {
      const fresh = await opts.current.refresh().catch(() => null);
      if (fresh) again(200);
      else opts.current.onSignedOut();
    };

    const onConnect = () => setStatus('live');
    const onDisconnect = () => setStatus('stale');
    const onConnectError = (err: Error & { data?: { error?: { code?: string } } }) => {
      const code = err.data?.error?.code;
      setStatus('offline');
      if (code === 'PROTOCOL_MISMATCH') return window.location.reload();
      if (code === 'TOKEN_EXPIRED' || code === 'UNAUTHENTICATED') return void renew();
      // A refused handshake is not retried by socket.io itself.
      if (!socket.active) again(10_000);
    };
    const onEnded = () => void renew();
    const onAlerts = (m: AlertsMessage) => handler.current(m);

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.on('session_ended', onEnded);
    socket.on('alerts', onAlerts);
    return () => {
      clearTimeout(retry);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('session_ended', onEnded);
      socket.off('alerts', onAlerts);
      socket.close();
    };
  }, []);

  return status;
}
