// Seeded randomness. Each simulated minute of each event kind gets its own generator, derived by
// hashing (seed, kind, minute): the events of a minute do not depend on when a run started, so a
// live run repeats exactly what a backfill of the same minutes wrote, and a resumed backfill
// regenerates the same ids.

/** 32-bit avalanche mix (murmur3 finaliser). */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Split into two 32-bit halves so minute numbers (> 2^32 ms is not needed, but > 2^31 minutes
    // are not either) and negative numbers hash without collisions.
    const lo = p | 0;
    const hi = Math.floor(p / 4294967296) | 0;
    h = fmix(h ^ lo) + 0x6b43a9b5;
    h = fmix(h ^ hi);
  }
  return h >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h >>> 0);
}

export type Random = () => number;

/**
 * mulberry32: one 32-bit state, no warm-up needed when the seed is already a well-mixed hash (as
 * every seed here is); a fresh generator per minute and kind must be cheap, since most simulated
 * minutes hold no event at all.
 */
export function makeRandom(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson count: Knuth for small means, a rounded normal approximation for large ones. */
export function poisson(r: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = r();
    while (p > limit) {
      k++;
      p *= r();
    }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
}

export function normal(r: Random): number {
  // Box–Muller; 1 - r() keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Log-normal with the given mean (not median): heavy-tailed amounts whose sum is calibrated. */
export function lognormal(r: Random, mean: number, sigma: number): number {
  return mean * Math.exp(sigma * normal(r) - (sigma * sigma) / 2);
}

/** Weighted choice over precomputed cumulative weights (last element = total). */
export function pickIndex(r: Random, cumulative: ArrayLike<number>): number {
  const target = r() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

/** A weighted table of items, built once and sampled many times. */
export class WeightedTable<T> {
  private readonly cum: Float64Array;
  constructor(readonly items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('WeightedTable needs one weight per item');
    this.cum = cumulative(weights);
  }
  pick(r: Random): T {
    return this.items[pickIndex(r, this.cum)]!;
  }
  static fromRecord<K extends string>(record: Partial<Record<K, number>>): WeightedTable<K> {
    const entries = Object.entries(record).filter(([, w]) => (w as number) > 0) as [K, number][];
    return new WeightedTable(entries.map(([k]) => k), entries.map(([, w]) => w));
  }
}
