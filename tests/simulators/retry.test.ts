// The one retry helper (every loop that talks to Redis or a webhook uses it) and its sleep, on fake
// timers: the delays follow backoffDelay, failures are reported before each wait, and an abort
// stops both at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from '@torch/shared';
import { retry, sleep } from '@torch/simulators';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sleep', () => {
  it('waits the time given', async () => {
    let done = false;
    void sleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('ends at once when its signal aborts, or when it was aborted already, and leaves no timer behind', async () => {
    const ac = new AbortController();
    let done = false;
    void sleep(60_000, ac.signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    ac.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await sleep(60_000, ac.signal);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('retry', () => {
  const backoff = { baseMs: 100, capMs: 1000, jitter: 0.5 };

  it('tries until it succeeds, waiting backoffDelay between failures and reporting each one first', async () => {
    const failures: [string, number, number | null][] = [];
    const started: number[] = [];
    const t0 = Date.now();
    const result = retry(async (attempt) => {
      started.push(Date.now() - t0);
      if (attempt < 4) throw new Error(`failure ${attempt}`);
      return 'done';
    }, { ...backoff, random: () => 0.5, onError: (e, n, wait) => failures.push([(e as Error).message, n, wait]) });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toBe('done');
    const waits = [0, 1, 2, 3].map((n) => backoffDelay(n, backoff, 0.5));
    expect(waits).toEqual([75, 150, 300, 600]);
    expect(failures).toEqual([0, 1, 2, 3].map((n) => [`failure ${n}`, n, waits[n]]));
    expect(started).toEqual([0, 75, 225, 525, 1125]);
  });

  it('gives up after the attempts allowed, throwing the last error, without a useless last wait', async () => {
    const seen: (number | null)[] = [];
    let calls = 0;
    const result = retry(async () => {
      calls++;
      throw new Error(`no ${calls}`);
    }, { ...backoff, attempts: 3, random: () => 0, onError: (_e, _n, wait) => seen.push(wait) });
    const settled = result.catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await settled).toBe('no 3');
    expect(calls).toBe(3);
    expect(seen).toEqual([50, 100, null]);
  });

  it('stops waiting when its signal aborts, and throws the error it was waiting to retry', async () => {
    const ac = new AbortController();
    let calls = 0;
    const result = retry(async () => {
      calls++;
      throw new Error('Redis is down');
    }, { baseMs: 60_000, capMs: 60_000, signal: ac.signal });
    const settled = result.catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(10);
    ac.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(await settled).toBe('Redis is down');
    expect(calls).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not retry once aborted: a failure then is final, and said so (no wait)', async () => {
    const ac = new AbortController();
    ac.abort();
    const seen: (number | null)[] = [];
    await expect(retry(async () => {
      throw new Error('late');
    }, { ...backoff, signal: ac.signal, onError: (_e, _n, wait) => seen.push(wait) })).rejects.toThrow('late');
    expect(seen).toEqual([null]);
  });
});
