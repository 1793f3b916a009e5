import { type RefObject, useEffect, useState } from 'react';

/** The current time, updated every `ms`; only components that show time should use it. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Index cycling through `n` items every `ms` (the map's focus carousel); paused when ms ≤ 0. */
export function useCarousel(n: number, ms: number): number {
  const [i, setI] = useState(0);
  useEffect(() => {
    if (ms <= 0 || n <= 1) return;
    const t = setInterval(() => setI((x) => (x + 1) % n), ms);
    return () => clearInterval(t);
  }, [n, ms]);
  return i;
}

/** The content size of an element, followed as it changes (0 × 0 before layout). */
export function useSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/**
 * Pixels per design pixel: the wall's rem is 16 px on a 1920×1080 screen and 32 px on 3840×2160.
 * WebGL layers size themselves in pixels, so they multiply by this to scale with the rest.
 */
export function useRemScale(): number {
  const read = () => parseFloat(getComputedStyle(document.documentElement).fontSize) / 16 || 1;
  const [scale, setScale] = useState(read);
  useEffect(() => {
    const onResize = () => setScale(read());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}
