// The maps wait their turn. Without a GPU (many control-room PCs), the first draw of a deck.gl
// canvas compiles its shaders in software and holds the page for seconds; done before the figures,
// it kept the whole wall blank and its socket starved. So the panels come first: the page opens
// the gate once the wall is live, and the canvases then mount one at a time, each after the one
// before has drawn, so no single stall is longer than one map's.
import { createContext, useContext, useEffect, useState } from 'react';

const MapGate = createContext(true);
/** Wrap the screen: `open` once its figures are on screen (the replay wall opens it at once). */
export const MapGateProvider = MapGate.Provider;

let queue: Promise<void> = Promise.resolve();
/** Pause between two canvases' first draws: lets the socket and the panels breathe. */
const GAP_MS = 400;

/**
 * Whether this canvas may mount now, and the call that says it has drawn (which lets the next one
 * go). Every canvas gets its turn in mount order.
 */
export function useMapTurn(): { mayDraw: boolean; drawn: () => void } {
  const open = useContext(MapGate);
  const [turn, setTurn] = useState<{ mayDraw: boolean; drawn: () => void }>({ mayDraw: false, drawn: () => {} });
  useEffect(() => {
    if (!open) return;
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => (release = () => setTimeout(resolve, GAP_MS)));
    const before = queue;
    queue = before.then(() => mine);
    let cancelled = false;
    void before.then(() => {
      if (cancelled) return release();
      // Drawn or not, the next canvas goes after a while: one that never draws holds nobody up.
      const fallback = setTimeout(release, 15_000);
      setTurn({ mayDraw: true, drawn: () => (clearTimeout(fallback), release()) });
    });
    return () => {
      cancelled = true;
      release();
    };
  }, [open]);
  return turn;
}

/** The gate opens once, when the wall first shows live figures, after the browser has painted them. */
export function useOpenOnceLive(live: boolean): boolean {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (open || !live) return;
    const idle = (window as unknown as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
    if (idle) idle(() => setOpen(true), { timeout: 1000 });
    else setTimeout(() => setOpen(true), 200);
  }, [live, open]);
  return open;
}
