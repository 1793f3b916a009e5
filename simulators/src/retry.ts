// Waiting and trying again, for every loop that talks to Redis or a webhook: the simulators' and,
// through this package, the gateway's. The delays come from shared's backoffDelay (pure); this is
// the part with timers. Both stop early when their AbortSignal fires.
import { type Backoff, backoffDelay } from '@torch/shared';

/** Wait ms, or until the signal aborts if that comes first. Resolves either way: check signal.aborted after. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface RetryOptions extends Backoff {
  /** Stop retrying when this aborts: the last error is thrown. */
  signal?: AbortSignal;
  /** Tries in all, the first included (default: until it succeeds or the signal aborts). */
  attempts?: number;
  /**
   * Told of every failure before the wait that follows it, to log it: the error, which failure
   * (0 for the first) and the wait in ms, or null when no retry follows (the last attempt, or aborted).
   */
  onError?: (err: unknown, failure: number, retryInMs: number | null) => void;
  /** Source of jitter, [0, 1); default Math.random. */
  random?: () => number;
}

/** Run fn until it resolves, waiting backoffDelay between failures. Throws fn's last error when it gives up. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const random = o.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      const last = o.signal?.aborted || (o.attempts !== undefined && attempt + 1 >= o.attempts);
      const wait = last ? null : backoffDelay(attempt, o, random());
      o.onError?.(e, attempt, wait);
      if (wait === null) throw e;
      await sleep(wait, o.signal);
      if (o.signal?.aborted) throw e;
    }
  }
}
