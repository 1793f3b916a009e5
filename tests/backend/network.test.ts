// Network faults between the gateway and Redis, through a TCP proxy written here on loopback: the
// connection reset (RST) and black-holed (nothing gets through for a while, as when a route
// dies; TCP delivers it all late once it heals) during blocking reads, while the feeds go on
// writing straight to Redis. Afterwards the gateway must have caught up by itself with nothing
// lost and nothing counted twice (an independent recomputation), and its walls must converge.
// Also: floods of duplicates and out-of-order events, and event clocks skewed by minutes.
import { type Server, type Socket, createServer, connect as tcpConnect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type FeedEvent, METRIC_IDS, type MetricsView, PARK_IDS, keyLayout, parseFeedEvent } from '@torch/shared';
import { backfill, parseFault, rangeEntries } from '@torch/simulators';
import { oracleValue, recompute } from '../helpers/oracle.ts';
import { connectClient, follow, settled, startGateway } from '../helpers/gateway.ts';
import { REDIS_URL, connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('network faults');
const redis = up ? connect() : null;
const DAY = 86_400_000;

class Proxy {
  private server: Server;
  private pairs = new Set<[Socket, Socket]>();
  private held = false;
  port = 0;
  connections = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      this.connections++;
      const upstream = tcpConnect(this.target.port, this.target.host);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      client.pipe(upstream);
      upstream.pipe(client);
      if (this.held) {
        client.pause();
        upstream.pause();
      }
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Reset every connection, as a middlebox or a restarted peer does. */
  reset(): void {
    for (const [c, u] of this.pairs) {
      c.resetAndDestroy();
      u.destroy();
    }
  }

  /** Nothing gets through, in either direction, on old or new connections, until heal(). */
  blackhole(): void {
    this.held = true;
    for (const [c, u] of this.pairs) {
      c.pause();
      u.pause();
    }
  }

  heal(): void {
    this.held = false;
    for (const [c, u] of this.pairs) {
      c.resume();
      u.resume();
    }
  }

  async close(): Promise<void> {
    this.reset();
    await new Promise((done) => this.server.close(done));
  }
}

function eventsOf(seed: number, from: number, to: number, faults: string[] = []): FeedEvent[] {
  const out: FeedEvent[] = [];
  const seen = new Set<string>();
  for (const e of rangeEntries({ seed, from, to, faults: faults.map(parseFault) })) {
    const p = parseFeedEvent(e.source, e.payload);
    // Duplicates count once: the oracle takes each id of a source once.
    if (p.ok && !seen.has(`${e.source}:${p.event.id}`)) {
      seen.add(`${e.source}:${p.event.id}`);
      out.push(p.event);
    }
  }
  return out;
}

function mismatches(view: MetricsView, events: FeedEvent[]): string[] {
  const oracle = recompute(events, view.asOf);
  const wrong: string[] = [];
  for (const scope of ['zone', ...PARK_IDS]) {
    for (const metric of METRIC_IDS) {
      const got = view.metrics[scope as 'zone'][metric];
      const want = oracleValue(oracle, scope, metric);
      if (got.mtd !== want.mtd || got.ytd !== want.ytd) wrong.push(`${scope} ${metric}: ${got.mtd}/${got.ytd} vs ${want.mtd}/${want.ytd}`);
    }
  }
  return wrong;
}

describe.runIf(up)('network faults between gateway and Redis', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    // Cleanup: each step runs even when an earlier one fails (a proxy or gateway already gone).
    for (const c of cleanup.reverse()) await c().catch(() => {});
    redis?.disconnect();
  });

  it('a reset and a black hole during blocking reads: the gateway recovers by itself, nothing lost or doubled, walls converge', async () => {
    const url = new URL(REDIS_URL);
    const proxy = new Proxy({ host: url.hostname, port: Number(url.port || 6379) });
    await proxy.listen();
    cleanup.push(() => proxy.close());
    const prefix = testPrefix('proxy');
    cleanup.push(() => deletePrefix(redis!, prefix));
    const keys = keyLayout(prefix);
    const to = Date.now() - 60_000;
    const cut1 = to - 4 * DAY;
    const cut2 = to - 2 * DAY;
    const from = to - 6 * DAY;
    await backfill({ redis: redis!, keys, seed: 21, from, to: cut1 });

    const proxied = `redis://127.0.0.1:${proxy.port}`;
    const t = await startGateway(prefix, { redisUrl: proxied, env: { READ_BLOCK_MS: '300' } });
    cleanup.push(() => t.stop());
    await settled(t, 60_000);
    const token = (await t.login()).accessToken;
    const wall = connectClient(t.url, () => ({ token }));
    const zone = follow(wall);
    const seen = { get view() { return zone.state.view; } };
    cleanup.push(async () => wall.close());

    // The gateway sits in a blocking read: reset everything, and write while it reconnects.
    proxy.reset();
    await backfill({ redis: redis!, keys, seed: 21, from: cut1, to: cut2 });
    await settled(t, 60_000);

    // Black hole: longer than a blocking read plus the watchdog's grace (0.3 s + 5 s).
    const before = proxy.connections;
    proxy.blackhole();
    await backfill({ redis: redis!, keys, seed: 21, from: cut2, to });
    await new Promise((r) => setTimeout(r, 7000));
    proxy.heal();
    await settled(t, 60_000);
    expect(proxy.connections).toBeGreaterThan(before); // the watchdog replaced the hung reader

    const view = (await t.get('/api/metrics', token)).body as MetricsView;
    expect(mismatches(view, eventsOf(21, from, to))).toEqual([]);
    // The wall converges to the same figures.
    for (let i = 0; i < 100 && seen.view?.metrics.zone.sales.ytd !== view.metrics.zone.sales.ytd; i++) await new Promise((r) => setTimeout(r, 100));
    expect(seen.view?.metrics.zone.sales.ytd).toBe(view.metrics.zone.sales.ytd);
    expect(seen.view?.metrics.zone.exports.ytd).toBe(view.metrics.zone.exports.ytd);
  }, 180_000);

  it('floods of duplicates and out-of-order events, and event clocks skewed by minutes, count exactly once', async () => {
    const prefix = testPrefix('flood');
    cleanup.push(() => deletePrefix(redis!, prefix));
    const to = Date.now() - 60_000;
    const from = to - 2 * DAY;
    // Half the entries duplicated, a third late by up to 20 minutes (skewed source clocks).
    const faults = ['duplicate:all:rate=0.5', 'out-of-order:all:rate=0.33,skew=20m'];
    await backfill({ redis: redis!, keys: keyLayout(prefix), seed: 22, from, to, faults: faults.map(parseFault) });
    const t = await startGateway(prefix, { env: { READ_BATCH: '200' } });
    cleanup.push(() => t.stop());
    await settled(t, 60_000);
    const token = (await t.login()).accessToken;
    const view = (await t.get('/api/metrics', token)).body as MetricsView;
    expect(mismatches(view, eventsOf(22, from, to, faults))).toEqual([]);
    const feeds = Object.values(view.feeds);
    expect(feeds.reduce((n, f) => n + f.duplicates, 0)).toBeGreaterThan(0);
  }, 120_000);
});
