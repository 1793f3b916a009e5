// What a wall on a display token may read of the alerts: the open, unsilenced ones, each with what
// the wall's strip, banner and map show (rule name and kind, severity, park or feed, value against
// threshold, when it fired, firing or acknowledged) and "acknowledged by" as a role, never a person.
// No comments, no user names, no silences, no rule labels beyond place, no event detail. A kiosk
// link is a long-lived secret typed into a screen in a public room; it reads this and the metrics.
import type { RuleSummary } from '../alerts/engine.ts';
import type { AlertRecord, AlertStatus, AlertsMessage } from '../alerts/lifecycle.ts';
import type { AlertLabels } from '../alerts/state.ts';
import { ROLES, type Role } from './auth.ts';

/** The labels a wall places an alert by: park, feed, industry chain (the unit of a threshold). */
export const WALL_LABELS = ['park', 'source', 'chain'] as const;

export interface WallAlert {
  id: string;
  rule: RuleSummary;
  labels: AlertLabels;
  firedAt: number;
  value: number;
  threshold: number;
  status: Exclude<AlertStatus, 'resolved'>;
  /** Always false: silenced alerts are not sent to walls at all. */
  silenced: false;
  /** Taken: when, and the role of whoever took it (null when the record predates roles on acks). */
  ack: { at: number; role: Role | null } | null;
}

/** The `alerts` socket message as a display token receives it. */
export interface WallAlertsMessage {
  projection: 'wall';
  open: WallAlert[];
  changed: string[];
}

const isRole = (r: unknown): r is Role => (ROLES as readonly unknown[]).includes(r);

/** One open alert as a wall sees it; null for one a wall does not see (resolved, silenced). */
export function toWallAlert(a: AlertRecord & { status: AlertStatus; silenced: boolean }): WallAlert | null {
  if (a.status === 'resolved' || a.silenced) return null;
  const labels: AlertLabels = {};
  for (const k of WALL_LABELS) if (a.labels[k] !== undefined) labels[k] = a.labels[k];
  const { id, kind, severity, name, unit } = a.rule;
  return {
    id: a.id,
    rule: { id, kind, severity, name: { zh: name.zh, en: name.en }, ...(unit ? { unit } : {}) },
    labels,
    firedAt: a.firedAt,
    value: a.value,
    threshold: a.threshold,
    status: a.status,
    silenced: false,
    ack: a.ack ? { at: a.ack.at, role: isRole(a.ack.role) ? a.ack.role : null } : null,
  };
}

export function toWallAlerts(items: readonly (AlertRecord & { status: AlertStatus; silenced: boolean })[]): WallAlert[] {
  return items.flatMap((a) => toWallAlert(a) ?? []);
}

/** The people's `alerts` message, projected for walls. */
export function wallAlertsMessage(m: AlertsMessage): WallAlertsMessage {
  return { projection: 'wall', open: toWallAlerts(m.open), changed: m.changed };
}
