// The consumer on its own: no hooks, a group deleted under it, a stream trimmed under pending entries,
// commits on a cadence, and the duplicate check restored from its stored runs.
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { SOURCES, keyLayout, parseShanghai } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { Ingest } from '../../backend/src/ingest/consumer.ts';
import { ingestKeys } from '../../backend/src/ingest/keys.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const available = await requireRedis('ingest consumer');
const T = (s: string) => parseShanghai(s);

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe.skipIf(!available)('ingest consumer', () => {
  const redis = connect();
  const prefixes: string[] = [];
  const setup = (name: string) => {
    const prefix = testPrefix(name);
    prefixes.push(prefix);
    const layout = keyLayout(prefix);
    return { layout, keys: ingestKeys(layout, 't') };
  };
  afterAll(async () => {
    for (const p of prefixes) await deletePrefix(redis, p);
    await redis.quit();
  });

  it('reduces every entry without any hooks, and recreates a group deleted under it', async () => {
    const { layout, keys } = setup('nohooks');
    const r = await backfill({ redis, keys: layout, seed: 5, from: T('2026-03-02T09:00'), to: T('2026-03-02T11:00') });
    const ingest = new Ingest({ redis, keys, consumer: 't-1', log: pino({ level: 'silent' }), blockMs: 200 });
    await ingest.start();
    await until(() => ingest.state.applied === r.written);
    for (const s of SOURCES) await redis.xgroup('DESTROY', keys.streams[s], keys.group);
    const more = await backfill({ redis, keys: layout, seed: 5, from: T('2026-03-02T11:00'), to: T('2026-03-02T12:00') });
    // The recreated group starts from the beginning; already-seen ids are duplicates, not double counts.
    await until(() => ingest.state.applied === r.written + more.written);
    await new Promise((res) => setTimeout(res, 500));
    expect(ingest.state.applied).toBe(r.written + more.written);
    await ingest.stop();
  });

  it('commits on a cadence rather than per read, and a restart restores the duplicate check from the stored runs', async () => {
    const { layout, keys } = setup('cadence');
    const r = await backfill({ redis, keys: layout, seed: 7, from: T('2026-03-02T09:00'), to: T('2026-03-02T10:00') });
    // Its own connection, to count the transactions (commits) it runs.
    const own = connect();
    const multi = own.multi.bind(own);
    let commits = 0;
    own.multi = ((...a: Parameters<typeof multi>) => {
      commits++;
      return multi(...a);
    }) as typeof own.multi;
    let reads = 0;
    const log = pino({ level: 'silent' });
    const first = new Ingest({ redis: own, keys, consumer: 't-1', log, blockMs: 200, batchSize: 5, hooks: { batch: () => void reads++ } });
    const started = Date.now();
    await first.start();
    await until(async () => first.caughtUp && first.uncommittedEntries === 0 && first.state.applied === r.written);
    const elapsed = Date.now() - started;
    expect(reads).toBeGreaterThan(r.written / 15);
    // At most one commit per 100 ms, plus the one when it caught up.
    expect(commits).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(commits).toBeLessThan(reads / 2);
    for (const s of SOURCES) expect(((await redis.xpending(keys.streams[s], keys.group)) as [number])[0]).toBe(0);
    await first.stop();
    await own.quit();
    expect(await redis.exists(keys.seen.tax)).toBe(0);
    expect(await redis.hlen(keys.seenRuns.tax)).toBeGreaterThan(0);

    // A restart knows every id seen: the same event written again is a duplicate, not counted twice.
    const second = new Ingest({ redis, keys, consumer: 't-1', log, blockMs: 200 });
    await second.start();
    for (const s of SOURCES) expect([...second.state.sources[s].seen]).toEqual([...first.state.sources[s].seen]);
    const [, fields] = (await redis.xrange(keys.streams.tax, '-', '+', 'COUNT', 1))[0]!;
    await redis.xadd(keys.streams.tax, '*', ...fields);
    await until(() => second.state.sources.tax.duplicates === 1);
    expect(second.state.applied).toBe(r.written);
    await second.stop();
  });

  it('dead-letters pending entries that were trimmed from the stream before they were processed', async () => {
    const { layout, keys } = setup('trimmed');
    await backfill({ redis, keys: layout, seed: 6, from: T('2026-03-02T09:00'), to: T('2026-03-02T10:00') });
    for (const s of SOURCES) await redis.xgroup('CREATE', keys.streams[s], keys.group, '0', 'MKSTREAM');
    // Deliver everything to the consumer (as a crashed gateway would have), then trim the stream.
    const delivered = (await redis.xreadgroup('GROUP', keys.group, 't-1', 'COUNT', 10_000, 'STREAMS', keys.streams.tax, '>')) as [string, [string, string[]][]][];
    const taxEntries = delivered[0]![1].length;
    await redis.xtrim(keys.streams.tax, 'MAXLEN', 0);
    const ingest = new Ingest({ redis, keys, consumer: 't-1', log: pino({ level: 'silent' }), blockMs: 200 });
    await ingest.start();
    await until(async () => (await redis.xlen(layout.deadLetters)) === taxEntries);
    const dead = await redis.xrange(layout.deadLetters, '-', '+', 'COUNT', 1);
    expect(dead[0]![1]).toContain('entry was trimmed from the stream before it was processed');
    expect(ingest.state.sources.tax.rejected).toBe(taxEntries);
    const pending = (await redis.xpending(keys.streams.tax, keys.group)) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
    await ingest.stop();
  });
});
