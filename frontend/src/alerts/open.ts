// The open alerts as a screen keeps them: a wall runs for days, so however many are open it keeps
// the newest few hundred, newest first.
import type { AlertsMessage } from '@torch/shared';
import type { OpenAlert } from './describe.ts';

export const MAX_OPEN_ALERTS = 200;

export function boundOpenAlerts(m: AlertsMessage | null): OpenAlert[] | null {
  if (!m) return null;
  const open = Array.isArray(m.open) ? m.open : [];
  return [...open].sort((a, b) => b.firedAt - a.firedAt).slice(0, MAX_OPEN_ALERTS);
}
