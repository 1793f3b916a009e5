// The log's order, defined once in shared/: stream ids `<ms>-<seq>` parsed, printed and compared, and
// entries of the three streams ordered by stream id, then source.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LogPosition, arrivalOf, compareEntries, compareStreamIds, formatStreamId, isStreamId, logPosition, parseStreamId,
} from '@torch/shared';

const streamId = fc.record({ ms: fc.nat({ max: 2 ** 45 }), seq: fc.nat({ max: 1000 }) });
const position = fc.record({ ms: fc.nat({ max: 50 }), seq: fc.nat({ max: 3 }), source: fc.nat({ max: 2 }) });

describe('stream ids', () => {
  it('parse `<ms>-<seq>` into numbers, and print back the same text', () => {
    expect(parseStreamId('1700000000000-0')).toEqual({ ms: 1_700_000_000_000, seq: 0 });
    expect(parseStreamId('0-1')).toEqual({ ms: 0, seq: 1 });
    expect(formatStreamId({ ms: 1_700_000_000_000, seq: 12 })).toBe('1700000000000-12');
    fc.assert(fc.property(streamId, (id) => {
      expect(parseStreamId(formatStreamId(id))).toEqual(id);
    }));
  });

  it('refuse anything else, saying what was expected', () => {
    for (const bad of ['', '1700000000000', '1700000000000-', '-1', '1-2-3', ' 1-2', '1-2 ', '+1-2', '1e3-0', '0x10-0', '1.5-0', '9007199254740993-0', '1-9007199254740993', '$', '+', '-']) {
      expect(() => parseStreamId(bad), bad).toThrow(/not a stream id \(<ms>-<seq>\)/);
      expect(isStreamId(bad), bad).toBe(false);
    }
    expect(isStreamId('1700000000000-3')).toBe(true);
  });

  it('arrival is the ms part', () => {
    expect(arrivalOf('1700000000123-7')).toBe(1_700_000_000_123);
    expect(() => arrivalOf('garbage')).toThrow(RangeError);
  });

  it('compare numerically, as Redis orders them (not as text: 9-0 comes before 10-0)', () => {
    expect(compareStreamIds(parseStreamId('9-0'), parseStreamId('10-0'))).toBeLessThan(0);
    expect(compareStreamIds(parseStreamId('5-10'), parseStreamId('5-9'))).toBeGreaterThan(0);
    expect(compareStreamIds(parseStreamId('5-9'), parseStreamId('5-9'))).toBe(0);
    fc.assert(fc.property(streamId, streamId, (a, b) => {
      const c = compareStreamIds(a, b);
      expect(Math.sign(c)).toBe(-Math.sign(compareStreamIds(b, a)) || 0);
      expect(c === 0).toBe(a.ms === b.ms && a.seq === b.seq);
      expect(c < 0).toBe(a.ms < b.ms || (a.ms === b.ms && a.seq < b.seq));
    }));
  });
});

describe('log order', () => {
  it('is stream id, then source: a tie on the id goes to the source listed first in SOURCES', () => {
    const at = (id: string, source: number): LogPosition => logPosition(id, source);
    expect(compareEntries(at('5-0', 2), at('5-1', 0))).toBeLessThan(0);
    expect(compareEntries(at('5-1', 0), at('5-1', 2))).toBeLessThan(0);
    expect(compareEntries(at('6-0', 0), at('5-9', 2))).toBeGreaterThan(0);
    expect(compareEntries(at('5-1', 1), at('5-1', 1))).toBe(0);
  });

  it('sorting by it gives one order whatever order the entries came in', () => {
    fc.assert(fc.property(fc.array(position, { maxLength: 40 }), (entries) => {
      const sorted = [...entries].sort(compareEntries);
      const reversed = [...entries].reverse().sort(compareEntries);
      expect(reversed).toEqual(sorted);
      for (let i = 1; i < sorted.length; i++) {
        const [a, b] = [sorted[i - 1]!, sorted[i]!];
        expect(a.ms < b.ms || (a.ms === b.ms && (a.seq < b.seq || (a.seq === b.seq && a.source <= b.source)))).toBe(true);
      }
    }));
  });

  it('a log position carries the parsed id and the source index', () => {
    expect(logPosition('1700000000000-4', 1)).toEqual({ ms: 1_700_000_000_000, seq: 4, source: 1 });
  });
});
