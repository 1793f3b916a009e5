// The silences, for a wall. The gateway pushes `alerts` when a silence is created or ended early,
// but not when one starts or runs out on its own, so the `silenced` flags it pushed would hold past
// the silence's window. The wall therefore keeps the silences (refetched with every push, and every
// few minutes) and re-evaluates them on its own clock (see applySilences). Until the silences that
// follow a push have arrived, it returns null and the pushed flags stand: they were right when sent.
import { useEffect, useState } from 'react';
import type { Silence } from '@torch/shared';

const REFRESH_MS = 5 * 60_000;

export function useSilences(token: string | null, pushed: unknown): Silence[] | null {
  const [got, setGot] = useState<{ items: Silence[]; after: unknown } | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((x) => x + 1), REFRESH_MS);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (!token || pushed === null) return;
    const ctrl = new AbortController();
    fetch('/api/alerts/silences', { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal })
      .then((r) => (r.ok ? (r.json() as Promise<{ items: Silence[] }>) : null))
      .then((body) => {
        const now = Date.now();
        // Only what can still matter: a wall runs for days and silences are never deleted.
        if (body && Array.isArray(body.items)) setGot({ items: body.items.filter((s) => !s.expiredBy && s.endsAt > now), after: pushed });
      })
      // Unreachable or aborted: the pushed flags stand.
      .catch((e: unknown) => {
        if ((e as Error)?.name !== 'AbortError') console.warn('could not read the silences; the pushed flags stand', e);
      });
    return () => ctrl.abort();
  }, [token, pushed, tick]);
  return got && got.after === pushed ? got.items : null;
}
