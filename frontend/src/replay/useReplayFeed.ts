// Watching one replay session over the page's connection: its view channel (`replay:<id>`), held
// while the session is shown. The connection re-subscribes after a reconnect or a missed delta with
// where the page stands, so it gets the missed deltas or a snapshot; leaving the session releases it.
import { useCallback, useMemo, useState } from 'react';
import { type ReplayInfo, type ReplayMeta, replayChannel } from '@torch/shared';
import { useChannel } from '../net/ConnectionProvider.tsx';
import type { ConnectionStatus } from '../net/connection.ts';
import { EMPTY_FEED, type ReplayFeed } from './state.ts';

export interface ReplayFeedState {
  status: ConnectionStatus;
  feed: ReplayFeed;
  /** Why the session cannot be watched: it is gone (closed, idle) or this user may not. */
  problem: 'gone' | 'forbidden' | null;
  /** Take a fresher session info (a control's REST answer) before the next message brings it. */
  setInfo: (info: ReplayInfo) => void;
}

/** A replay's deltas carry its alert list only when it changed: keep the one held otherwise. */
export function mergeReplayMeta(held: ReplayMeta | null, got: ReplayMeta): ReplayMeta {
  return got.alerts || !held?.alerts ? got : { ...got, alerts: held.alerts };
}

export function useReplayFeed(sessionId: string | null): ReplayFeedState {
  const channel = useChannel<ReplayMeta>(sessionId ? replayChannel(sessionId) : null, mergeReplayMeta);
  const meta = channel.state?.meta ?? null;
  // A control's answer is fresher than the meta it was given over; the next message is fresher still.
  const [local, setLocal] = useState<{ info: ReplayInfo; over: ReplayMeta | null } | null>(null);
  const setInfo = useCallback((info: ReplayInfo) => {
    if (info.id === sessionId) setLocal({ info, over: meta });
  }, [sessionId, meta]);
  const feed = useMemo<ReplayFeed>(() => {
    const state = channel.state;
    if (!sessionId || !state) return EMPTY_FEED;
    const info = local && local.info.id === sessionId && local.over === meta ? local.info : (meta?.info ?? null);
    return { info, view: state.view, seq: state.seq, alerts: meta?.alerts ?? [] };
  }, [sessionId, channel.state, meta, local]);
  const problem = channel.problem === 'gone' || channel.problem === 'forbidden' ? channel.problem : null;
  return { status: channel.status, feed, problem, setInfo };
}
