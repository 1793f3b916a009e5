// The open alert's context chart: the rule's metric in the alert's park (or the zone), hour by
// hour, twelve hours either side of the firing (never past the current hour).
import { useEffect, useState } from 'react';
import { HOUR_MS, type MetricId, type Rule, type Scope, type SeriesPoint } from '@torch/shared';
import { type OpenAlert, parkOf } from '../alerts/describe.ts';
import { chartMetricOf } from '../alerts/ruleText.ts';
import type { AlertsApi } from './api.ts';

export type SeriesState =
  | { kind: 'none' }
  | { kind: 'loading' | 'error'; metric: MetricId; scope: Scope }
  | { kind: 'ok'; metric: MetricId; scope: Scope; points: SeriesPoint[] };

/** Hours asked for before and after the firing hour. */
export const CONTEXT_HOURS = 12;

/**
 * The chart's window: from twelve hours before the firing hour to twelve after it (the firing
 * hour's bucket included), cut at the end of the current hour, and at least one hour long.
 */
export function contextWindow(firedAt: number, now: number): { from: number; to: number } {
  const hour = Math.floor(firedAt / HOUR_MS) * HOUR_MS;
  const from = hour - CONTEXT_HOURS * HOUR_MS;
  const to = Math.min(hour + (CONTEXT_HOURS + 1) * HOUR_MS, Math.ceil(now / HOUR_MS) * HOUR_MS);
  return { from, to: Math.max(to, from + HOUR_MS) };
}

export function useContextSeries(api: AlertsApi, alert: OpenAlert | null, rule: Rule | undefined): SeriesState {
  const [series, setSeries] = useState<SeriesState>({ kind: 'none' });
  const metric = alert ? chartMetricOf(alert, rule) : null;
  const scope: Scope = alert ? parkOf(alert) ?? 'zone' : 'zone';
  const firedAt = alert?.firedAt ?? 0;
  useEffect(() => {
    if (!metric) return setSeries({ kind: 'none' });
    let current = true;
    const { from, to } = contextWindow(firedAt, Date.now());
    setSeries({ kind: 'loading', metric, scope });
    api.series(scope, metric, from, to).then(
      (r) => current && setSeries({ kind: 'ok', metric, scope, points: r.points }),
      () => current && setSeries({ kind: 'error', metric, scope }),
    );
    return () => {
      current = false;
    };
  }, [api, metric, scope, firedAt]);
  return series;
}
