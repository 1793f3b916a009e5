// What the operator does to a session, as REST calls whose answers become page actions: open a
// period (closing the one watched first), control it (play, pause, speed, seek), export its period,
// end it. Failures become the page's failure notice; nothing is swallowed.
import { type Dispatch, useCallback, useMemo } from 'react';
import type { ParkId, ReplayControl, ReplayInfo, Source, Speed } from '@torch/shared';
import { downloadBlob } from '../dom/download.ts';
import { type ReplayApi, ReplayApiError } from './api.ts';
import type { ReplayPageAction } from './pageState.ts';
import { forgetSession, rememberSession } from './sessionStore.ts';
import type { AlertSpan } from './state.ts';
import { JUMP_LEAD_MS, type Range, clampTo } from './time.ts';

export const DEFAULT_SPEED: Speed = 60;

export interface Focus {
  parks: readonly ParkId[];
  sources: readonly Source[];
}

export interface SessionCommands {
  /** Open a period; `previous` (the session watched) is closed first. */
  open: (r: Range, focus: Focus, previous: string | null, speed?: Speed) => Promise<void>;
  control: (c: ReplayControl) => void;
  exportPeriod: (r: Range) => Promise<void>;
  /** End the watched session: the operator is told when the gateway could not. */
  end: () => Promise<void>;
  /** End the watched session because the page is being left: nobody is left to tell. */
  leave: () => Promise<void>;
}

/** A session that is no longer there was ended already: closing it again is not a failure. */
const alreadyGone = (e: unknown) => e instanceof ReplayApiError && e.code === 'NOT_FOUND';

/**
 * Close a session nobody will look at again, best-effort: the page has already left its room, and
 * the gateway closes a session nobody watches or controls once it has been idle a while, so a
 * failure here costs a little gateway memory for a few minutes and nothing the operator could act
 * on. It is logged for whoever reads the console, not shown.
 */
async function closeBestEffort(api: ReplayApi, id: string, why: string): Promise<void> {
  try {
    await api.close(id);
  } catch (e) {
    if (!alreadyGone(e)) console.warn(`replay: could not close session ${id} ${why}; the gateway closes it once idle`, e);
  }
}

export function useSessionCommands(api: ReplayApi, dispatch: Dispatch<ReplayPageAction>, sessionId: string | null, setLiveInfo: (i: ReplayInfo) => void): SessionCommands {
  const open = useCallback(async (r: Range, focus: Focus, previous: string | null, speed: Speed = DEFAULT_SPEED) => {
    dispatch({ type: 'openStarted', leaving: previous !== null });
    try {
      if (previous) await closeBestEffort(api, previous, 'before opening another period');
      const next = await api.open({
        from: r.from, to: r.to, speed,
        ...(focus.parks.length > 0 ? { parks: [...focus.parks] } : {}), ...(focus.sources.length > 0 ? { sources: [...focus.sources] } : {}),
      });
      dispatch({ type: 'opened', info: next });
      rememberSession(next.id);
    } catch (e) {
      dispatch({ type: 'failed', during: 'open', cause: e });
    }
  }, [api, dispatch]);

  const control = useCallback((c: ReplayControl) => {
    if (!sessionId) return;
    api.control(sessionId, c).then(
      (i) => {
        dispatch({ type: 'controlled', info: i });
        setLiveInfo(i);
      },
      (e: unknown) => dispatch({ type: 'failed', during: 'control', cause: e }),
    );
  }, [api, dispatch, sessionId, setLiveInfo]);

  const exportPeriod = useCallback(async (r: Range) => {
    dispatch({ type: 'exportStarted' });
    try {
      const { blob, filename } = await api.exportRange(r.from, r.to);
      downloadBlob(blob, filename);
      dispatch({ type: 'exported' });
    } catch (e) {
      dispatch({ type: 'failed', during: 'export', cause: e });
    }
  }, [api, dispatch]);

  /** Stop watching at once (the page shows no session), then ask the gateway to close it. */
  const detach = useCallback((): string | null => {
    dispatch({ type: 'closed' });
    forgetSession();
    return sessionId;
  }, [dispatch, sessionId]);

  const end = useCallback(async () => {
    const id = detach();
    if (!id) return;
    try {
      await api.close(id);
    } catch (e) {
      if (!alreadyGone(e)) dispatch({ type: 'failed', during: 'close', cause: e });
    }
  }, [api, detach, dispatch]);

  const leave = useCallback(async () => {
    const id = detach();
    if (id) await closeBestEffort(api, id, 'on the way back to the live wall');
  }, [api, detach]);

  return useMemo(() => ({ open, control, exportPeriod, end, leave }), [open, control, exportPeriod, end, leave]);
}

/** Moving the replay clock: to an instant (kept within the period), or to a minute before an alert. */
export function useSeek(info: ReplayInfo | null, control: SessionCommands['control']): { seek: (at: number) => void; jump: (s: AlertSpan) => void } {
  const seek = useCallback((at: number) => {
    if (!info) return;
    control({ action: 'seek', at: clampTo(Math.round(at), info) });
  }, [control, info]);
  const jump = useCallback((s: AlertSpan) => seek(s.firedAt - JUMP_LEAD_MS), [seek]);
  return { seek, jump };
}
