// The open alerts as a screen keeps them: a wall runs for days, so however many are open it keeps
// the newest few hundred, newest first. Whole records for people, the wall projection for a
// display token (the gateway decides which).
import type { AlertsMessage, WallAlertsMessage } from '@torch/shared';
import type { ShownAlert } from './describe.ts';

export const MAX_OPEN_ALERTS = 200;

export function boundOpenAlerts(m: AlertsMessage | WallAlertsMessage | null): ShownAlert[] | null {
  if (!m) return null;
  const open: ShownAlert[] = Array.isArray(m.open) ? m.open : [];
  return [...open].sort((a, b) => b.firedAt - a.firedAt).slice(0, MAX_OPEN_ALERTS);
}
