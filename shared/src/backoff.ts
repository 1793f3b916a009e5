// How long to wait before trying again: exponential backoff with a cap and jitter. Pure: the random
// number is passed in, so a test (or a replay) gets the same delays. The waiting itself is I/O and
// lives outside shared/ (retry and sleep in @torch/simulators, which the gateway uses too).

export interface Backoff {
  /** The first delay, ms. */
  baseMs: number;
  /** No delay is longer, ms. */
  capMs: number;
  /**
   * The part of each delay that is random, 0 to 1 (default 0.5, "equal jitter"): 0 waits exactly
   * min(cap, base·2^attempt); 1 waits anywhere from 0 to that. Jitter keeps several processes that
   * failed together (gateways after a Redis restart) from retrying in step.
   */
  jitter?: number;
}

/**
 * Delay before retry number `attempt` (0 for the first retry): min(cap, base·2^attempt), of which
 * the `jitter` fraction is scaled by `random` (in [0, 1)). Whole milliseconds.
 */
export function backoffDelay(attempt: number, b: Backoff, random: number): number {
  const jitter = b.jitter ?? 0.5;
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`backoff attempt must be a whole number ≥ 0, got ${attempt}`);
  if (!(b.baseMs > 0) || !(b.capMs >= b.baseMs)) throw new RangeError(`backoff needs 0 < baseMs ≤ capMs, got ${b.baseMs} and ${b.capMs}`);
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`backoff jitter must be within 0..1, got ${jitter}`);
  if (!(random >= 0 && random < 1)) throw new RangeError(`backoff random must be within [0, 1), got ${random}`);
  // 2^40 times any base is far past any cap; the exponent is bounded so the product stays finite.
  const full = Math.min(b.capMs, b.baseMs * 2 ** Math.min(attempt, 40));
  return Math.round(full * (1 - jitter) + full * jitter * random);
}
