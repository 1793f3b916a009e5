// On arrival, once: a deep link (`?at=<epoch ms>[&to=]`) opens its period at once and is dropped
// from the address, so a reload resumes that session instead of opening another; otherwise the
// tab's remembered session is picked up again if it still runs.
import { type Dispatch, useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { ReplayApi } from './api.ts';
import type { ReplayPageAction } from './pageState.ts';
import { forgetSession, storedSession } from './sessionStore.ts';
import { wasClosed } from './state.ts';
import { rangeFromSearch } from './time.ts';
import type { SessionCommands } from './useSessionCommands.ts';

export function useArrival(api: ReplayApi, now: () => number, open: SessionCommands['open'], dispatch: Dispatch<ReplayPageAction>): void {
  const location = useLocation();
  const navigate = useNavigate();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const deep = rangeFromSearch(location.search, now());
    const stored = storedSession();
    if (deep) {
      forgetSession();
      void open(deep, { parks: [], sources: [] }, stored);
      const rest = new URLSearchParams(location.search);
      rest.delete('at');
      rest.delete('to');
      navigate({ pathname: location.pathname, search: rest.toString() ? `?${rest}` : '' }, { replace: true });
      return;
    }
    if (!stored) return;
    api.get(stored).then(
      (r) => (wasClosed(r.info) ? forgetSession() : dispatch({ type: 'resumed', info: r.info })),
      // Gone, or not this user's: start afresh.
      () => forgetSession(),
    );
    // Once per page: later changes of the address or the API are not arrivals.
  }, []);
}
