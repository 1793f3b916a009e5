// Watching one replay session over the app's Socket.IO connection: join it (a snapshot, then
// deltas), join again after every reconnect and after a missed delta, leave it when the session
// changes or the page goes. The gateway also sends this socket the live wall's snapshot and deltas;
// nothing here listens to them. A signed-in user's token expires every few minutes, so a refused or
// ended socket renews the session and connects again.
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { type Ack, type ClientToServerEvents, PROTOCOL_VERSION, type ReplayInfo, type ReplayMessage, type ServerToClientEvents } from '@torch/shared';
import type { ConnectionStatus } from '../net/useLiveView.ts';
import { EMPTY_FEED, type ReplayFeed, applyReplayMessage } from './state.ts';

export interface ReplaySocketOptions {
  token: () => string | null;
  refresh: () => Promise<string | null>;
  onSignedOut: () => void;
}

export interface ReplaySocketState {
  status: ConnectionStatus;
  feed: ReplayFeed;
  /** Why the session cannot be watched: it is gone (closed, idle) or this user may not. */
  problem: 'gone' | 'forbidden' | null;
  /** Take a fresher session info (a control's REST answer) before the next message brings it. */
  setInfo: (info: ReplayInfo) => void;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Re-joins after a gap are spaced by at least this much, so a burst of deltas asks once. */
const REJOIN_MIN_MS = 500;

export function useReplaySocket(sessionId: string | null, options: ReplaySocketOptions): ReplaySocketState {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [feed, setFeedState] = useState<ReplayFeed>(EMPTY_FEED);
  const [problem, setProblem] = useState<'gone' | 'forbidden' | null>(null);
  const feedRef = useRef<ReplayFeed>(EMPTY_FEED);
  const sessionRef = useRef<string | null>(sessionId);
  const socketRef = useRef<ClientSocket | null>(null);
  const lastJoin = useRef(0);
  const opts = useRef(options);
  useEffect(() => {
    opts.current = options;
  });

  const setFeed = useCallback((f: ReplayFeed) => {
    feedRef.current = f;
    setFeedState(f);
  }, []);

  /**
   * Join a session; `again` (after a missed delta) leaves it first, since a socket already in the
   * session's room gets no new snapshot from a second join.
   */
  const join = useCallback((id: string, again = false) => {
    const socket = socketRef.current;
    if (!socket?.connected) return; // joined on connect
    lastJoin.current = Date.now();
    if (again) socket.emit('replay_leave', { id }, () => {});
    socket.timeout(10_000).emit('replay_join', { id }, (err: Error | null, r: Ack<ReplayInfo>) => {
      if (sessionRef.current !== id) return;
      if (err) return; // no answer: the next connect joins again
      if (r.ok) {
        setProblem(null);
        // The snapshot came just before the answer; keep its view and take the info.
        setFeed({ ...feedRef.current, info: r.data });
      } else if (r.error.code === 'NOT_FOUND') setProblem('gone');
      else if (r.error.code === 'FORBIDDEN') setProblem('forbidden');
    });
  }, [setFeed]);

  // One socket for the page's lifetime; sessions come and go on it.
  useEffect(() => {
    const socket: ClientSocket = io({
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      auth: (cb) => cb({ token: opts.current.token() ?? '', protocol: PROTOCOL_VERSION }),
    });
    socketRef.current = socket;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    const again = (ms: number) => {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), ms);
    };
    const renew = async () => {
      const fresh = await opts.current.refresh().catch(() => null);
      if (fresh) again(200);
      else opts.current.onSignedOut();
    };

    const onConnect = () => {
      clearTimeout(offlineTimer);
      setStatus('live');
      // A reconnect lands on a fresh connection that watches nothing: join again.
      if (sessionRef.current) join(sessionRef.current);
    };
    const onDisconnect = () => {
      setStatus('stale');
      clearTimeout(offlineTimer);
      offlineTimer = setTimeout(() => setStatus('offline'), 30_000);
    };
    const onConnectError = (err: Error & { data?: { error?: { code?: string } } }) => {
      const code = err.data?.error?.code;
      setStatus((s) => (s === 'live' || s === 'stale' ? 'stale' : 'offline'));
      if (code === 'PROTOCOL_MISMATCH') return window.location.reload();
      if (code === 'TOKEN_EXPIRED' || code === 'UNAUTHENTICATED') return void renew();
      // A refused handshake is not retried by socket.io itself.
      if (!socket.active) again(10_000);
    };
    const onEnded = () => void renew();
    const onReplay = (m: ReplayMessage) => {
      const id = sessionRef.current;
      if (!id) return;
      const r = applyReplayMessage(feedRef.current, m, id);
      if (r.kind === 'ignored') return;
      setFeed(r.feed);
      if (r.kind === 'gap' && Date.now() - lastJoin.current > REJOIN_MIN_MS) join(id, true);
    };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.on('session_ended', onEnded);
    socket.on('replay', onReplay);
    return () => {
      clearTimeout(retry);
      clearTimeout(offlineTimer);
      if (sessionRef.current && socket.connected) socket.emit('replay_leave', { id: sessionRef.current }, () => {});
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('session_ended', onEnded);
      socket.off('replay', onReplay);
      socket.close();
      socketRef.current = null;
    };
  }, [join, setFeed]);

  // A new session: leave the old one, start from its snapshot.
  useEffect(() => {
    const previous = sessionRef.current;
    sessionRef.current = sessionId;
    const socket = socketRef.current;
    if (previous && previous !== sessionId && socket?.connected) socket.emit('replay_leave', { id: previous }, () => {});
    if (previous !== sessionId) {
      setFeed(EMPTY_FEED);
      setProblem(null);
    }
    if (sessionId) join(sessionId);
  }, [sessionId, join, setFeed]);

  const setInfo = useCallback((info: ReplayInfo) => {
    if (info.id !== sessionRef.current) return;
    setFeed({ ...feedRef.current, info });
  }, [setFeed]);

  return { status, feed, problem, setInfo };
}
