import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FeedEventSchema, isValidUscc, parseShanghai } from '@torch/shared';
import { generateMinute, generateRange, parseFault, writeNdjson, entriesFor, intensityOf } from '@torch/simulators';

async function ndjson(seed: number, from: string, to: string, faults: string[] = []): Promise<string> {
  const chunks: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  await writeNdjson(sink, { seed, from: parseShanghai(from), to: parseShanghai(to), faults: faults.map(parseFault) });
  return chunks.join('');
}

describe('reproducibility', () => {
  it('same seed and start give byte-identical NDJSON; another seed does not', async () => {
    const a = await ndjson(42, '2026-03-02T08:00', '2026-03-02T14:00', ['duplicate:all:rate=0.05', 'malformed:tax:rate=0.05', 'out-of-order:customs:rate=0.2']);
    const b = await ndjson(42, '2026-03-02T08:00', '2026-03-02T14:00', ['duplicate:all:rate=0.05', 'malformed:tax:rate=0.05', 'out-of-order:customs:rate=0.2']);
    const c = await ndjson(43, '2026-03-02T08:00', '2026-03-02T14:00', ['duplicate:all:rate=0.05', 'malformed:tax:rate=0.05', 'out-of-order:customs:rate=0.2']);
    expect(a.length).toBeGreaterThan(10_000);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('a minute does not depend on where a run started (live repeats what backfill wrote)', () => {
    const minute = Math.floor(parseShanghai('2026-03-02T10:30') / 60_000);
    const viaRange = [...generateRange({ seed: 5 }, parseShanghai('2026-03-02T09:00'), parseShanghai('2026-03-02T11:00'))].filter((e) => Math.floor(e.ts / 60_000) === minute);
    expect(viaRange.length).toBeGreaterThan(0);
    expect(generateMinute({ seed: 5 }, minute)).toEqual(viaRange);
  });
});

describe('every generated event honours the contract', () => {
  const events = [...generateRange({ seed: 11 }, parseShanghai('2026-06-29'), parseShanghai('2026-07-01'))];
  it('validates against the shared schema, with valid USCCs and unique ids per source', () => {
    expect(events.length).toBeGreaterThan(1000);
    const ids = new Set<string>();
    for (const e of events) {
      expect(FeedEventSchema.safeParse(e).success).toBe(true);
      expect(isValidUscc(e.uscc)).toBe(true);
      expect(ids.has(e.id)).toBe(false);
      ids.add(e.id);
    }
    expect(new Set(events.map((e) => e.kind)).size).toBe(6);
  });
});

describe('fault switches', () => {
  const from = parseShanghai('2026-03-03T09:00');
  const to = parseShanghai('2026-03-03T12:00');
  const entries = (specs: string[]) => {
    const faults = specs.map(parseFault);
    const gen = { seed: 3, intensity: intensityOf(faults, from) };
    return [...generateRange(gen, from, to)].flatMap((e) => entriesFor(e, faults, from, 3));
  };

  it('parses specs and names what is wrong', () => {
    expect(parseFault('silence:customs:at=2m,for=10m')).toMatchObject({ kind: 'silence', target: 'customs', at: 120_000, for: 600_000 });
    expect(parseFault('spike:registry.deregistered:factor=8')).toMatchObject({ kind: 'spike', factor: 8 });
    expect(() => parseFault('spike:nowhere')).toThrow(/target/);
    expect(() => parseFault('drop:tax:factor=2')).toThrow(/factor/);
    expect(() => parseFault('melt:tax')).toThrow(/kind/);
    expect(() => parseFault('silence:tax:for=ten')).toThrow(/duration/);
    expect(() => parseFault('silence')).toThrow(/kind:target/);
  });

  it('silence removes a source for its window only', () => {
    const out = entries(['silence:customs:at=30m,for=1h']);
    const customs = out.filter((e) => e.source === 'customs').map((e) => e.arrival);
    expect(customs.some((t) => t < from + 30 * 60_000)).toBe(true);
    expect(customs.some((t) => t >= from + 90 * 60_000)).toBe(true);
    expect(customs.filter((t) => t >= from + 30 * 60_000 && t < from + 90 * 60_000)).toHaveLength(0);
  });

  it('spike and drop scale the rate of their target', () => {
    const base = entries([]).filter((e) => e.source === 'tax').length;
    expect(entries(['spike:tax:factor=5']).filter((e) => e.source === 'tax').length).toBeGreaterThan(4 * base);
    expect(entries(['drop:tax:factor=0.2']).filter((e) => e.source === 'tax').length).toBeLessThan(0.3 * base);
    expect(entries(['spike:tax:factor=5']).filter((e) => e.source === 'registry').length).toBe(entries([]).filter((e) => e.source === 'registry').length);
  });

  it('duplicates repeat an entry byte for byte; late events keep their arrival but carry an earlier time', () => {
    const dup = entries(['duplicate:all:rate=0.1']);
    const dups = dup.filter((e) => e.fault === 'duplicate');
    expect(dups.length).toBeGreaterThan(0.05 * dup.length);
    for (const d of dups) expect(dup[dup.indexOf(d) - 1]!.payload).toBe(d.payload);
    const late = entries(['out-of-order:tax:rate=0.2,skew=10m']).filter((e) => e.fault === 'late');
    expect(late.length).toBeGreaterThan(0);
    for (const e of late) {
      const ts = JSON.parse(e.payload!).ts as number;
      expect(ts).toBeLessThan(e.arrival);
      expect(e.arrival - ts).toBeLessThanOrEqual(10 * 60_000);
    }
  });

  it('large turns events of its target into big ones, within its window only, still valid', () => {
    const out = entries(['large:customs.declaration:at=30m,for=1h,rate=1,value=30000000']).filter((e) => e.source === 'customs');
    const big = out.filter((e) => e.fault === 'large');
    expect(big.length).toBeGreaterThan(0);
    for (const e of big) {
      const parsed = FeedEventSchema.parse(JSON.parse(e.payload!));
      expect(parsed.kind === 'customs.declaration' && parsed.valueUsd).toBe(30_000_000);
      expect(e.arrival >= from + 30 * 60_000 && e.arrival < from + 90 * 60_000).toBe(true);
    }
    expect(out.filter((e) => e.fault !== 'large').every((e) => JSON.parse(e.payload!).valueUsd !== 30_000_000)).toBe(true);
  });

  it('malformed entries come in every variant and none of them validates', () => {
    const bad = entries(['malformed:all:rate=0.5']).filter((e) => e.fault?.startsWith('malformed'));
    expect(new Set(bad.map((e) => e.fault)).size).toBe(8);
    for (const e of bad) {
      let json: unknown;
      try {
        json = e.payload === undefined ? undefined : JSON.parse(e.payload);
      } catch {
        continue;
      }
      const parsed = FeedEventSchema.safeParse(json);
      const wrongStream = e.fault === 'malformed:wrong-stream' && parsed.success && !parsed.data.kind.startsWith(e.source);
      const oversized = e.fault === 'malformed:oversized' && e.payload!.length > 4096;
      expect(!parsed.success || wrongStream || oversized).toBe(true);
    }
  });
});
