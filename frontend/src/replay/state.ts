// What a replay watcher holds (its view arrives over the shared view channel, see useReplayFeed),
// and what the screens derive from the session's alert transitions. Pure.
import { type AlertTransition, type ScreenView, type ReplayInfo, recordOfFire } from '@torch/shared';
import type { OpenAlert } from '../alerts/describe.ts';

export interface ReplayFeed {
  info: ReplayInfo | null;
  view: ScreenView | null;
  seq: number;
  /** The replay's own alert transitions, in order, from its start to the clock. */
  alerts: AlertTransition[];
}

export const EMPTY_FEED: ReplayFeed = { info: null, view: null, seq: -1, alerts: [] };

/** The replay's alerts still open at its clock, newest first, as the wall's banner and map take them. */
export function openReplayAlerts(transitions: readonly AlertTransition[]): OpenAlert[] {
  const open = new Map<string, OpenAlert>();
  for (const t of transitions) {
    if (t.type === 'fire') open.set(t.id, { ...recordOfFire(t), status: 'firing', silenced: false });
    else open.delete(t.id);
  }
  return [...open.values()].sort((a, b) => b.firedAt - a.firedAt);
}

export interface AlertSpan {
  id: string;
  name: { zh: string; en: string };
  severity: 'critical' | 'warning' | 'info';
  labels: Record<string, string>;
  firedAt: number;
  resolvedAt: number | null;
  origin: 'live' | 'replay';
}

/** The replay's fires, each with its resolution when the replay got there. */
export function replaySpans(transitions: readonly AlertTransition[]): AlertSpan[] {
  const spans = new Map<string, AlertSpan>();
  for (const t of transitions) {
    if (t.type === 'fire') spans.set(t.id, { id: t.id, name: t.rule.name, severity: t.rule.severity, labels: t.labels, firedAt: t.at, resolvedAt: null, origin: 'replay' });
    else {
      const s = spans.get(t.id);
      if (s) s.resolvedAt = t.at;
    }
  }
  return [...spans.values()];
}

/** A session that was closed (by someone, or as idle), rather than played to its end. */
export function wasClosed(info: ReplayInfo): boolean {
  return info.status === 'closed';
}
