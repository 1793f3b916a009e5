// What a replay watcher holds, and how each `replay` message changes it: a snapshot replaces the
// view, a delta applies its path changes in sequence (a gap asks for a fresh snapshot instead of
// applying out of order), the session's alert transitions arrive whole when they change. Pure.
import { type AlertTransition, type MetricsView, type ReplayInfo, type ReplayMessage, recordOfFire, withChanges } from '@torch/shared';
import type { OpenAlert } from '../alerts/describe.ts';

export interface ReplayFeed {
  info: ReplayInfo | null;
  view: MetricsView | null;
  seq: number;
  /** The replay's own alert transitions, in order, from its start to the clock. */
  alerts: AlertTransition[];
}

export const EMPTY_FEED: ReplayFeed = { info: null, view: null, seq: -1, alerts: [] };

export type Applied =
  | { kind: 'applied'; feed: ReplayFeed }
  /** Not this session's, or a message already covered by a snapshot. */
  | { kind: 'ignored' }
  /** A delta went missing: re-join for a snapshot. The session info is still current. */
  | { kind: 'gap'; feed: ReplayFeed };

export function applyReplayMessage(feed: ReplayFeed, m: ReplayMessage, sessionId: string): Applied {
  if (!m || m.info?.id !== sessionId) return { kind: 'ignored' };
  if (m.type === 'snapshot') {
    if (!m.view) return { kind: 'gap', feed: { ...feed, info: m.info } };
    return { kind: 'applied', feed: { info: m.info, view: m.view, seq: m.seq, alerts: m.alerts ?? feed.alerts } };
  }
  if (feed.view && m.seq <= feed.seq) return { kind: 'ignored' };
  if (!feed.view || m.seq !== feed.seq + 1) return { kind: 'gap', feed: { ...feed, info: m.info } };
  // Copy only along changed paths: panels whose slice is the same object skip re-rendering.
  const view = m.changes && m.changes.length > 0 ? withChanges(feed.view, m.changes) : feed.view;
  return { kind: 'applied', feed: { info: m.info, view, seq: m.seq, alerts: m.alerts ?? feed.alerts } };
}

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
