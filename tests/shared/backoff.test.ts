// The one backoff rule: exponential from a base, capped, with part of each delay random.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay } from '@torch/shared';

describe('backoffDelay', () => {
  const b = { baseMs: 100, capMs: 5000 };

  it('doubles from the base up to the cap when there is no jitter', () => {
    const delays = Array.from({ length: 10 }, (_, i) => backoffDelay(i, { ...b, jitter: 0 }, 0.99));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000]);
  });

  it('makes the jitter fraction of each delay random: equal jitter by default, full jitter on request', () => {
    expect(backoffDelay(3, b, 0)).toBe(400);
    expect(backoffDelay(3, b, 0.5)).toBe(600);
    expect(backoffDelay(3, b, 0.999_999)).toBe(800);
    expect(backoffDelay(3, { ...b, jitter: 1 }, 0)).toBe(0);
    expect(backoffDelay(3, { ...b, jitter: 1 }, 0.25)).toBe(200);
  });

  it('stays within [full·(1−jitter), full] and never above the cap, however many attempts', () => {
    fc.assert(fc.property(
      fc.nat({ max: 10_000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, baseMs, extra, jitter, random) => {
        const capMs = baseMs + extra;
        const full = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 40));
        const d = backoffDelay(attempt, { baseMs, capMs, jitter }, random);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeLessThanOrEqual(capMs);
        expect(d).toBeGreaterThanOrEqual(Math.floor(full * (1 - jitter)));
        expect(d).toBeLessThanOrEqual(Math.ceil(full));
      },
    ));
  });

  it('is pure: the same inputs give the same delay', () => {
    expect(backoffDelay(5, b, 0.3)).toBe(backoffDelay(5, b, 0.3));
  });

  it('refuses inputs that would make no sense, naming them', () => {
    expect(() => backoffDelay(-1, b, 0)).toThrow(/attempt/);
    expect(() => backoffDelay(1.5, b, 0)).toThrow(/attempt/);
    expect(() => backoffDelay(0, { baseMs: 0, capMs: 10 }, 0)).toThrow(/baseMs/);
    expect(() => backoffDelay(0, { baseMs: 100, capMs: 10 }, 0)).toThrow(/capMs/);
    expect(() => backoffDelay(0, { ...b, jitter: 1.5 }, 0)).toThrow(/jitter/);
    expect(() => backoffDelay(0, b, 1)).toThrow(/random/);
    expect(() => backoffDelay(0, b, Number.NaN)).toThrow(/random/);
  });
});
