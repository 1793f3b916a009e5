// What the page fetches for a period, beside the session: the timeline's event density and the
// alerts that fired live in it, and the last week's alerts for "five minutes before an alert".
import { type Dispatch, useEffect } from 'react';
import { MINUTE_MS } from '@torch/shared';
import type { ReplayApi } from './api.ts';
import type { ReplayPageAction } from './pageState.ts';
import { type Range, densityFrom, densityStep } from './time.ts';

/** Typing a date moves the range on every keystroke: fetch once it has rested this long. */
export const PERIOD_SETTLE_MS = 250;
const RECENT_MS = 7 * 24 * 60 * MINUTE_MS;
const RECENT_LIMIT = 50;

/** The timeline's density and live alerts for the period (a failed fetch shows none). */
export function usePeriodData(api: ReplayApi, range: Range | null, dispatch: Dispatch<ReplayPageAction>): void {
  const from = range?.from ?? null;
  const to = range?.to ?? null;
  useEffect(() => {
    if (from === null || to === null) return;
    const r = { from, to };
    let stale = false;
    const timer = setTimeout(() => {
      const step = densityStep(r);
      api.density(densityFrom(r, step), r.to, step).then(
        (points) => !stale && dispatch({ type: 'densityLoaded', points }),
        () => !stale && dispatch({ type: 'densityLoaded', points: [] }),
      );
      api.alerts(r.from, r.to).then(
        (alerts) => !stale && dispatch({ type: 'liveAlertsLoaded', alerts, range: r }),
        () => !stale && dispatch({ type: 'liveAlertsLoaded', alerts: [], range: null }),
      );
    }, PERIOD_SETTLE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, from, to, dispatch]);
}

/** The last week's alerts, newest first (a failed fetch offers none). */
export function useRecentAlerts(api: ReplayApi, now: () => number, dispatch: Dispatch<ReplayPageAction>): void {
  useEffect(() => {
    const end = now();
    api.alerts(end - RECENT_MS, end, RECENT_LIMIT).then(
      (alerts) => dispatch({ type: 'recentLoaded', alerts }),
      () => dispatch({ type: 'recentLoaded', alerts: [] }),
    );
  }, [api, now, dispatch]);
}
