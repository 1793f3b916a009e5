// Faults: a gateway killed with SIGKILL mid-stream, and Redis restarted under a running gateway.
// Each is checked against an independent recomputation from the events written: nothing lost,
// nothing counted twice.
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { type FeedEvent, METRIC_IDS, type MetricsView, PARK_IDS, keyLayout, parseFeedEvent } from '@torch/shared';
import { backfill, rangeEntries } from '@torch/simulators';
import { REDIS_URL, connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { ADMIN_PASSWORD, settled, startGateway } from '../helpers/gateway.ts';
import { killHard, privateRedis, requireRedisServer, spawnGateway } from '../helpers/processes.ts';
import { oracleValue, recompute } from '../helpers/oracle.ts';

// The Redis-restart case starts its own redis-server: it needs the binary too.
const available = (await requireRedis('gateway faults')) && requireRedisServer('gateway faults');

function eventsOf(seed: number, from: number, to: number): FeedEvent[] {
  const out: FeedEvent[] = [];
  for (const e of rangeEntries({ seed, from, to, faults: [] })) {
    const p = parseFeedEvent(e.source, e.payload);
    if (p.ok) out.push(p.event);
  }
  return out;
}

function expectMatches(view: MetricsView, events: FeedEvent[]) {
  const oracle = recompute(events, view.asOf);
  for (const scope of ['zone', ...PARK_IDS]) {
    for (const metric of METRIC_IDS) {
      const got = view.metrics[scope as 'zone'][metric];
      expect({ scope, metric, mtd: got.mtd, ytd: got.ytd }).toEqual({ scope, metric, mtd: oracleValue(oracle, scope, metric).mtd, ytd: oracleValue(oracle, scope, metric).ytd });
    }
  }
}

async function login(url: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  return ((await r.json()) as { accessToken: string }).accessToken;
}

describe.skipIf(!available)('faults', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    // Cleanup: each step runs even when an earlier one fails (a process already gone, a killed Redis).
    for (const c of cleanup.reverse()) await c().catch(() => {});
  });

  it('kill -9 of the gateway mid-stream, then restart: totals equal the recomputation', async () => {
    const prefix = testPrefix('kill9');
    const redis = connect();
    cleanup.push(async () => {
      await deletePrefix(redis, prefix);
      await redis.quit();
    });
    const to = Date.now() - 60_000;
    const from = to - 40 * 86_400_000;
    const events = eventsOf(12, from, to);
    await backfill({ redis, keys: keyLayout(prefix), seed: 12, from, to });
    const env = { REDIS_URL, TORCH_KEY_PREFIX: prefix, TORCH_ADMIN_PASSWORD: ADMIN_PASSWORD, READ_BATCH: '25' };

    const first = await spawnGateway(env);
    // Let it get part of the way, then kill it without warning.
    const group = `gateway-main`;
    let acked = 0;
    for (let i = 0; i < 200 && acked < 2000; i++) {
      await new Promise((r) => setTimeout(r, 25));
      // Polling until the gateway has made progress: no stream or group yet just means not yet.
      const info = (await redis.xinfo('GROUPS', `${prefix}stream:tax`).catch(() => [])) as unknown[][];
      const g = info.find((x) => x[1] === group);
      acked = g ? Number(g[g.indexOf('entries-read') + 1] ?? 0) : 0;
    }
    await killHard(first);
    expect(acked).toBeGreaterThan(0);
    expect(acked).toBeLessThan(events.length);

    const second = await spawnGateway(env);
    cleanup.push(() => killHard(second));
    const token = await login(second.url);
    let view: MetricsView | null = null;
    for (let i = 0; i < 800; i++) { // up to 80 s: CI runs other suites alongside
      const health = (await (await fetch(`${second.url}/api/health`)).json()) as { caughtUp: boolean; feeds: Record<string, { lag: number; pending: number }> };
      if (health.caughtUp && Object.values(health.feeds).every((f) => f.lag === 0 && f.pending === 0)) {
        view = (await (await fetch(`${second.url}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).json()) as MetricsView;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(view).not.toBeNull();
    expectMatches(view!, events);
  }, 90_000);

  it('Redis restarted under a running gateway: consumption resumes by itself, nothing lost or doubled', async () => {
    const r = await privateRedis();
    await r.start();
    cleanup.push(async () => {
      await r.stop();
      r.remove();
    });
    const prefix = testPrefix('redisrestart');
    const keys = keyLayout(prefix);
    const writer = new Redis(r.url, { maxRetriesPerRequest: null });
    writer.on('error', () => {}); // this Redis is restarted on purpose; ioredis reconnects by itself
    cleanup.push(async () => writer.disconnect());
    const to = Date.now() - 60_000;
    const mid = to - 3 * 86_400_000;
    const from = to - 6 * 86_400_000;
    await backfill({ redis: writer, keys, seed: 13, from, to: mid });
    const t = await startGateway(prefix, { redisUrl: r.url, env: { READ_BLOCK_MS: '300' } });
    cleanup.push(() => t.stop());
    await settled(t);

    await r.stop();
    await new Promise((res) => setTimeout(res, 500));
    await r.start();
    await backfill({ redis: writer, keys, seed: 13, from: mid, to });
    await settled(t, 60_000);
    const token = (await t.login()).accessToken;
    const view = (await t.get('/api/metrics', token)).body as MetricsView;
    expectMatches(view, eventsOf(13, from, to));
  }, 120_000);
});
