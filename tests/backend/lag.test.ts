// Consumer lag that tells the truth. Lag is derived from the group's last delivered id against the
// stream (backend/src/ingest/lag.ts), not taken from Redis' XINFO GROUPS `lag`, whose entries-read
// counter goes wrong after an append-only-file reload. Checked across a restart of a private
// redis-server with appendonly on, and against a counter Redis got wrong; /api/health,
// /api/metrics and Prometheus show the same figures, refreshed together.
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { type MetricsView, SOURCES, keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { LAG_EXACT_UP_TO, undelivered } from '../../backend/src/ingest/lag.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { settled, startGateway } from '../helpers/gateway.ts';
import { privateRedis, requireRedisServer } from '../helpers/processes.ts';

const available = (await requireRedis('consumer lag')) && requireRedisServer('consumer lag');

type Health = { caughtUp: boolean; feeds: Record<string, { lag: number | null; pending: number }> };

/** A group's fields as XINFO GROUPS gives them (Redis' own `lag` among them). */
async function groupInfo(redis: Redis, stream: string, group: string): Promise<Map<string, unknown>> {
  for (const g of (await redis.xinfo('GROUPS', stream)) as unknown[][]) {
    const f = new Map<string, unknown>();
    for (let i = 0; i < g.length; i += 2) f.set(String(g[i]), g[i + 1]);
    if (f.get('name') === group) return f;
  }
  throw new Error(`no group ${group} on ${stream}`);
}

describe.skipIf(!available)('consumer lag', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  });

  it('counts the entries after the cursor exactly, where Redis\' entries-read counter is wrong', async () => {
    const redis = connect();
    const prefix = testPrefix('lagcount');
    cleanup.push(async () => {
      await deletePrefix(redis, prefix);
      await redis.quit();
    });
    const stream = `${prefix}s`;
    const pipe = redis.pipeline();
    for (let i = 1; i <= 3 * LAG_EXACT_UP_TO; i++) pipe.xadd(stream, `${1_000_000 + i}-0`, 'n', String(i));
    await pipe.exec();
    await redis.xgroup('CREATE', stream, 'g', '0');
    // All delivered, yet a counter as a reloaded AOF can leave it: Redis then says 1,000 behind.
    await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', 5 * LAG_EXACT_UP_TO, 'STREAMS', stream, '>');
    await redis.call('XGROUP', 'SETID', stream, 'g', `${1_000_000 + 3 * LAG_EXACT_UP_TO}-0`, 'ENTRIESREAD', String(2 * LAG_EXACT_UP_TO));
    expect((await groupInfo(redis, stream, 'g')).get('lag')).toBe(LAG_EXACT_UP_TO);
    expect(await undelivered(redis, stream, `${1_000_000 + 3 * LAG_EXACT_UP_TO}-0`)).toBe(0);
    // Behind by a few (counted after the cursor), by many near the start (XLEN minus those before),
    // and deep in the middle (estimated within what both counts proved).
    expect(await undelivered(redis, stream, `${1_000_000 + 3 * LAG_EXACT_UP_TO - 300}-0`)).toBe(300);
    expect(await undelivered(redis, stream, `${1_000_000 + 100}-0`)).toBe(3 * LAG_EXACT_UP_TO - 100);
    expect(await undelivered(redis, stream, '0-0')).toBe(3 * LAG_EXACT_UP_TO);
    const mid = await undelivered(redis, stream, `${1_000_000 + 1500}-0`);
    expect(Math.abs(mid - 1500)).toBeLessThanOrEqual(2);
    // Trimmed under the cursor: what is left is what is undelivered.
    await redis.xtrim(stream, 'MINID', `${1_000_000 + 2 * LAG_EXACT_UP_TO + 1}-0`);
    expect(await undelivered(redis, stream, `${1_000_000 + 100}-0`)).toBe(LAG_EXACT_UP_TO);
  });

  it('after a Redis restart with appendonly: health, /api/metrics and /metrics say 0 behind once caught up, and agree', async () => {
    const r = await privateRedis();
    await r.start();
    cleanup.push(async () => {
      await r.stop();
      r.remove();
    });
    const prefix = testPrefix('lagrestart');
    const keys = keyLayout(prefix);
    const writer = new Redis(r.url, { maxRetriesPerRequest: null });
    writer.on('error', () => {}); // restarted on purpose; ioredis reconnects
    cleanup.push(async () => writer.disconnect());
    const to = Date.now() - 60_000;
    const mid = to - 2 * 86_400_000;
    await backfill({ redis: writer, keys, seed: 21, from: to - 4 * 86_400_000, to: mid });
    const t = await startGateway(prefix, { redisUrl: r.url, env: { READ_BLOCK_MS: '300', READ_BATCH: '200', METRICS_TOKEN: 'lag-test-scrape-token-0123456789' } });
    cleanup.push(() => t.stop());
    await settled(t);

    await r.stop();
    await new Promise((res) => setTimeout(res, 300));
    await r.start();
    await backfill({ redis: writer, keys, seed: 21, from: mid, to });
    const group = 'gateway-main'; // backend/src/ingest/keys.ts, GATEWAY_ID main
    const token = (await t.login()).accessToken;

    // Until caught up and for a while after: every health answer that says caught up with nothing
    // pending says 0 behind, and /api/metrics read right after it says the same.
    let caughtUpSeen = 0;
    const redisSaid = new Set<string>();
    const until = Date.now() + 60_000;
    while (caughtUpSeen < 15 && Date.now() < until) {
      const health = (await t.get('/api/health')).body as Health;
      const view = (await t.get('/api/metrics', token)).body as MetricsView;
      const quiet = health.caughtUp && SOURCES.every((s) => health.feeds[s]!.pending === 0);
      if (quiet) {
        caughtUpSeen++;
        for (const s of SOURCES) {
          // Every entry written is delivered: the truth, whatever Redis' counter says.
          const len = await writer.xlen(keys.stream[s]);
          const info = await groupInfo(writer, keys.stream[s], group);
          const newest = (await writer.xrevrange(keys.stream[s], '+', '-', 'COUNT', 1))[0]![0];
          expect(len).toBeGreaterThan(0);
          if (info.get('last-delivered-id') !== newest) continue; // a write landed in between: not quiet after all
          redisSaid.add(String(info.get('lag')));
          expect({ s, health: health.feeds[s]!.lag }).toEqual({ s, health: 0 });
          expect({ s, metrics: view.feeds[s].lag }).toEqual({ s, metrics: 0 });
        }
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(caughtUpSeen).toBe(15);
    console.log(`after the restart, once caught up, XINFO GROUPS lag said: ${[...redisSaid].join(', ')}`);
    // Redis' counter as a reload can leave it (the restart above happens not to): Redis then says
    // hundreds behind; health, read from the cursor, still says 0, and so does /api/metrics.
    for (const s of SOURCES) {
      const info = await groupInfo(writer, keys.stream[s], group);
      const stream = (await writer.xinfo('STREAM', keys.stream[s])) as unknown[];
      const added = Number(stream[stream.indexOf('entries-added') + 1]);
      await writer.call('XGROUP', 'SETID', keys.stream[s], group, String(info.get('last-delivered-id')), 'ENTRIESREAD', String(Math.max(0, added - 300)));
      expect(Number((await groupInfo(writer, keys.stream[s], group)).get('lag'))).toBeGreaterThan(0);
    }
    const health = (await t.get('/api/health')).body as Health;
    const view = (await t.get('/api/metrics', token)).body as MetricsView;
    for (const s of SOURCES) expect({ s, health: health.feeds[s]!.lag, metrics: view.feeds[s].lag }).toEqual({ s, health: 0, metrics: 0 });
    const scraped = await (await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer lag-test-scrape-token-0123456789' } })).text();
    for (const s of SOURCES) expect(scraped).toMatch(new RegExp(`torch_consumer_lag\\{source="${s}"\\} 0\\n`));
  }, 120_000);
});
