// The simulators against the real Redis, each suite under its own key prefix, deleted afterwards.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { ENTRY_FIELDS, SOURCES, type Source, arrivalOf, keyLayout, parseFeedEvent, parseShanghai } from '@torch/shared';
import { backfill, parseFault, rangeEntries, runLive } from '@torch/simulators';
import { connect, deletePrefix, requireRedis, testPrefix, REDIS_URL } from '../helpers/redis.ts';

const available = await requireRedis('simulators against Redis');

type Entry = { id: string; ms: number; fields: Record<string, string> };
async function readStream(redis: Redis, key: string): Promise<Entry[]> {
  const raw = await redis.xrange(key, '-', '+');
  return raw.map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
    return { id, ms: arrivalOf(id), fields };
  });
}

describe.skipIf(!available)('simulators → Redis Streams', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const layout = (name: string) => {
    const p = testPrefix(name);
    prefixes.push(p);
    return keyLayout(p);
  };
  beforeAll(() => {
    redis = connect();
  });
  afterAll(async () => {
    for (const p of prefixes) await deletePrefix(redis, p);
    await redis.quit();
  });

  it('backfill of two days writes exactly the expected entries, with arrival-time ids, and a rerun adds nothing', async () => {
    const keys = layout('backfill');
    const from = parseShanghai('2026-11-02');
    const to = parseShanghai('2026-11-04');
    const expected = { tax: 0, customs: 0, registry: 0 } as Record<Source, number>;
    for (const e of rangeEntries({ seed: 9, from, to, faults: [] })) expected[e.source]++;
    const result = await backfill({ redis, keys, seed: 9, from, to, batchSize: 700 });
    expect(result.bySource).toEqual(expected);
    for (const s of SOURCES) {
      const entries = await readStream(redis, keys.stream[s]);
      expect(entries).toHaveLength(expected[s]);
      for (const en of entries) {
        const parsed = parseFeedEvent(s, en.fields[ENTRY_FIELDS.event]);
        expect(parsed.ok).toBe(true);
        // history is indexed by arrival, which for an on-time event is its event time
        if (parsed.ok) expect(en.ms).toBe(parsed.event.ts);
      }
    }
    const again = await backfill({ redis, keys, seed: 9, from, to });
    expect(again.written).toBe(0);
    expect(again.skipped).toBe(result.written);
  });

  it('an interrupted backfill resumes where the streams end, without gaps or doubles', async () => {
    const keys = layout('resume');
    const from = parseShanghai('2026-10-12');
    const to = parseShanghai('2026-10-13');
    const expected = [...rangeEntries({ seed: 4, from, to, faults: [] })].length;
    await backfill({ redis, keys, seed: 4, from, to: parseShanghai('2026-10-12T13:17') });
    const resumed = await backfill({ redis, keys, seed: 4, to, now: () => to + 1 });
    expect(resumed.from).toBeLessThan(parseShanghai('2026-10-12T13:17'));
    let total = 0;
    const ids = new Set<string>();
    for (const s of SOURCES) {
      for (const en of await readStream(redis, keys.stream[s])) {
        total++;
        ids.add(JSON.parse(en.fields.e!).id);
      }
    }
    expect(total).toBe(expected);
    expect(ids.size).toBe(expected);
  });

  it('fault switches do on the stream what they claim', async () => {
    const keys = layout('faults');
    const from = parseShanghai('2026-11-05T09:00');
    const to = parseShanghai('2026-11-05T12:00');
    const faults = [
      'silence:customs:at=30m,for=1h',
      'spike:registry.deregistered:factor=20',
      'duplicate:tax:rate=0.05',
      'out-of-order:tax.invoice:rate=0.1,skew=5m',
      'malformed:all:rate=0.05',
    ].map(parseFault);
    await backfill({ redis, keys, seed: 21, from, to, faults });
    const tax = await readStream(redis, keys.stream.tax);
    const customs = await readStream(redis, keys.stream.customs);
    const registry = await readStream(redis, keys.stream.registry);

    // silence: no customs entry arrived inside the window, some before and after it
    const inWindow = (ms: number) => ms >= from + 30 * 60_000 && ms < from + 90 * 60_000;
    expect(customs.filter((e) => inWindow(e.ms))).toHaveLength(0);
    expect(customs.filter((e) => !inWindow(e.ms)).length).toBeGreaterThan(10);

    // spike: deregistrations far above the calendar's rate for the same morning
    const baseline = [...rangeEntries({ seed: 21, from, to, faults: [] })].filter((e) => e.payload?.includes('registry.deregistered')).length;
    const spiked = registry.filter((e) => e.fields.e?.includes('"kind":"registry.deregistered"') && !e.fields.e.includes('-bad"')).length;
    expect(spiked).toBeGreaterThan(8 * Math.max(baseline, 1));

    // duplicates: the same payload (same event id) written twice in a row
    const valid = tax.filter((e) => parseFeedEvent('tax', e.fields.e).ok);
    const dupPairs = valid.filter((e, i) => i > 0 && valid[i - 1]!.fields.e === e.fields.e).length;
    expect(dupPairs).toBeGreaterThan(0.02 * valid.length);

    // out-of-order: late invoices carry an event time before their arrival, by at most the skew
    const late = valid.map((e) => ({ e, ev: JSON.parse(e.fields.e!) })).filter(({ e, ev }) => ev.kind === 'tax.invoice' && ev.ts < e.ms);
    expect(late.length).toBeGreaterThan(0);
    for (const { e, ev } of late) expect(e.ms - ev.ts).toBeLessThanOrEqual(5 * 60_000);
    const times = valid.map((e) => JSON.parse(e.fields.e!).ts as number);
    expect(times.some((t, i) => i > 0 && t < times[i - 1]!)).toBe(true);

    // malformed: extra entries on every stream that the gateway's parser refuses
    for (const [source, entries] of [['tax', tax], ['customs', customs], ['registry', registry]] as const) {
      const bad = entries.filter((e) => !parseFeedEvent(source, e.fields.e).ok);
      expect(bad.length).toBeGreaterThan(0);
    }
  });

  it('live holds its configured rate within ±10% over 10 s', async () => {
    const keys = layout('live');
    const ac = new AbortController();
    const started = Date.now();
    const timer = setTimeout(() => ac.abort(), 10_000);
    const stats = await runLive({ redis, keys, seed: 1, rate: 200, signal: ac.signal });
    clearTimeout(timer);
    const seconds = (Date.now() - started) / 1000;
    let total = 0;
    for (const s of SOURCES) total += await redis.xlen(keys.stream[s]);
    expect(total).toBe(stats.written);
    const rate = total / seconds;
    expect(rate).toBeGreaterThan(180);
    expect(rate).toBeLessThan(220);
  }, 20_000);

  it('live with faults: malformed and duplicate entries show up on the live streams', async () => {
    const keys = layout('livefaults');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 3000);
    const stats = await runLive({ redis, keys, seed: 2, rate: 300, signal: ac.signal, faults: ['malformed:all:rate=0.05', 'duplicate:all:rate=0.05'].map(parseFault) });
    expect(stats.faults.duplicate).toBeGreaterThan(0);
    expect(Object.keys(stats.faults).filter((k) => k.startsWith('malformed')).length).toBeGreaterThan(0);
    const tax = await readStream(redis, keys.stream.tax);
    expect(tax.filter((e) => !parseFeedEvent('tax', e.fields.e).ok).length).toBeGreaterThan(0);
  }, 10_000);

  it('retention: MAXLEN keeps a stream near its bound', async () => {
    const keys = layout('maxlen');
    await backfill({ redis, keys, seed: 3, from: parseShanghai('2026-11-02'), to: parseShanghai('2026-11-05'), retention: { maxLen: 200 } });
    const len = await redis.xlen(keys.stream.tax);
    expect(len).toBeGreaterThanOrEqual(200);
    expect(len).toBeLessThan(400);
  });

  it('the CLI backfills, prints a summary, and says clearly when Redis is unreachable', async () => {
    const keys = layout('cli');
    const run = (args: string[], env: Record<string, string>, stopAfter?: (stderr: string) => boolean) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'simulators/src/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
          if (stopAfter?.(stderr)) child.kill('SIGINT');
        });
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const ok = await run(['backfill', '--from', '2026-11-02T09:00', '--to', '2026-11-02T10:00', '--seed', '5', '--prefix', keys.prefix], { REDIS_URL });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/backfill done/);
    expect(await redis.xlen(keys.stream.tax)).toBeGreaterThan(0);

    const down = await run(['backfill', '--from', '2026-11-02', '--to', '2026-11-03', '--prefix', keys.prefix], { REDIS_URL: 'redis://127.0.0.1:1' }, (s) => /Redis unreachable/.test(s));
    expect(down.stderr).toMatch(/Redis unreachable; retrying/);
    expect(down.code).not.toBe(0);

    const bad = await run(['live', '--fault', 'melt:tax'], {});
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/fault "melt:tax"/);
  }, 60_000);
});
