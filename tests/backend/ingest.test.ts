// The consumer on its own: no hooks, a group deleted under it, a stream trimmed under pending entries.
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
