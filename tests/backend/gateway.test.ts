// The gateway end to end: real Redis streams in, REST and real Socket.IO clients out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import {
  EVENT_SCHEMA_VERSION, type FeedEvent, METRIC_IDS, type MetricsView, PARK_IDS, PROTOCOL_VERSION, keyLayout,
  parseFeedEvent, parseShanghai, screenView, sourceOfKind,
} from '@torch/shared';
import { backfill, generateRange, parseFault, rangeEntries } from '@torch/simulators';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { type ClientSocket, type TestGateway, connectClient, follow, settled, startGateway } from '../helpers/gateway.ts';
import { oracleValue, recompute, recomputeSameTime, sameTimeValue } from '../helpers/oracle.ts';

const available = await requireRedis('gateway end to end');
const T = (s: string) => parseShanghai(s);
const ASOF = T('2026-06-04T12:00');
const FROM = T('2026-05-29');

describe.skipIf(!available)('gateway', () => {
  const prefix = testPrefix('gateway');
  const keys = keyLayout(prefix);
  let redis: Redis;
  let t: TestGateway;
  let token: string;
  const written: FeedEvent[] = [];
  let malformed = 0;

  beforeAll(async () => {
    redis = connect();
    const faults = ['duplicate:all:rate=0.03', 'malformed:all:rate=0.01', 'out-of-order:tax:rate=0.05,skew=3m'].map(parseFault);
    for (const e of rangeEntries({ seed: 77, from: FROM, to: ASOF, faults })) {
      const p = e.payload === undefined ? { ok: false as const } : parseFeedEvent(e.source, e.payload);
      if (p.ok) written.push(p.event);
      else malformed++;
    }
    await backfill({ redis, keys, seed: 77, from: FROM, to: ASOF, faults });
    t = await startGateway(prefix, { now: () => ASOF, env: { METRICS_TOKEN: 'gateway-test-scrape-token' } });
    token = (await t.login()).accessToken;
    await settled(t);
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('the REST snapshot equals an independent recomputation for every park and metric', async () => {
    const r = await t.get('/api/metrics', token);
    expect(r.status).toBe(200);
    const view = r.body as MetricsView;
    const oracle = recompute(written, ASOF);
    let compared = 0;
    for (const scope of ['zone', ...PARK_IDS]) {
      for (const metric of METRIC_IDS) {
        const got = view.metrics[scope as 'zone'][metric];
        const want = oracleValue(oracle, scope, metric);
        expect({ scope, metric, today: got.today, mtd: got.mtd, ytd: got.ytd }).toEqual({ scope, metric, ...want });
        compared++;
      }
    }
    expect(compared).toBe(8 * METRIC_IDS.length);
    expect(view.metrics.zone.sales.mtd).toBeGreaterThan(0);
  });

  it('the comparison bases (same time of day) and the intraday figures equal an independent recomputation', async () => {
    const view = (await t.get('/api/metrics', token)).body as MetricsView;
    const close = (got: number | null, want: number) => expect(got !== null && Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want))).toBe(true);
    // The log starts on 05-29: yesterday is held; last week, last year and the previous month are not.
    const yesterday = recomputeSameTime(written, ASOF, 'yesterday')!;
    expect(recomputeSameTime(written, ASOF, 'lastWeek')).toBeNull();
    expect(recomputeSameTime(written, ASOF, 'lastYear')).toBeNull();
    const totals = recompute(written, ASOF);
    for (const scope of ['zone', ...PARK_IDS] as const) {
      for (const metric of METRIC_IDS) {
        const got = view.metrics[scope][metric];
        close(got.base.mom.today, sameTimeValue(yesterday, scope, metric));
        expect([got.base.mom.mtd, got.base.yoy.today, got.base.yoy.mtd, got.base.yoy.ytd]).toEqual([null, null, null, null]);
      }
      const intraday = view.intraday[scope];
      expect(intraday.sameTime).toEqual({ today: oracleValue(totals, scope, 'sales').today, lastWeek: null, lastYear: null });
      expect([intraday.lastWeek, intraday.lastYear]).toEqual([null, null]);
    }
    expect(view.metrics.zone.sales.base.mom.today).toBeGreaterThan(0);
  });

  it('sends every invalid entry to the dead letters with its reason, and counts duplicates once', async () => {
    expect(malformed).toBeGreaterThan(0);
    const items: { reason: string }[] = [];
    let before: string | null = null;
    do {
      const page = await t.get(`/api/dead-letters?limit=200${before ? `&before=${before}` : ''}`, token);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      before = page.body.next;
    } while (before);
    expect(items).toHaveLength(malformed);
    for (const item of items) expect(item.reason.length).toBeGreaterThan(5);
    const state = t.gateway.ingest.state;
    const duplicates = state.sources.tax.duplicates + state.sources.customs.duplicates + state.sources.registry.duplicates;
    expect(duplicates).toBeGreaterThan(0);
    expect(state.applied).toBe(new Set(written.map((e) => `${sourceOfKind(e.kind)}|${e.id}`)).size);
  });

  it('answers bad queries with 400 and a code, missing tokens with 401, wrong roles with 403', async () => {
    const bad = await t.get('/api/metrics/series?metric=sales&from=10&to=5', token);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'to' });
    expect((await t.get('/api/metrics/series?metric=sales&from=0&to=999999999999999&step=hour', token)).status).toBe(400);
    const series = await t.get(`/api/metrics/series?metric=sales&scope=torch-park&from=${FROM}&to=${ASOF}&step=day`, token);
    expect(series.status).toBe(200);
    expect(series.body.points.length).toBe(7);
    expect((await t.get('/api/metrics')).status).toBe(401);
    expect((await t.get('/api/metrics', 'not-a-token-at-all')).body.error.code).toBe('UNAUTHENTICATED');
    const display = await t.post('/api/display-tokens', { name: 'wall 1' }, token);
    expect(display.status).toBe(201);
    expect((await t.get(`/api/metrics?token=${display.body.token}`)).status).toBe(200);
    expect((await t.get(`/api/feeds?token=${display.body.token}`)).status).toBe(403);
    expect((await t.get(`/api/dead-letters?token=${display.body.token}`)).status).toBe(403);
    expect((await t.get('/api/nowhere', token)).status).toBe(404);
    expect((await t.post('/api/auth/login', '{"username":', undefined)).status).toBe(400);
    const huge = await t.post('/api/auth/login', { username: 'admin', password: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
  });

  it('a socket subscribes, gets a snapshot then deltas, and converges after a forced disconnect', async () => {
    const socket: ClientSocket = connectClient(t.url, () => ({ token }));
    const hello = await new Promise<{ protocol: number }>((resolve) => socket.once('hello', resolve));
    expect(hello.protocol).toBe(PROTOCOL_VERSION);
    // Nothing is sent before the client subscribes.
    await new Promise((r) => setTimeout(r, 300));
    const early: unknown[] = [];
    socket.on('view', (m) => early.push(m));
    const zone = follow(socket, 'zone');
    expect(early).toEqual([]);
    await waitFor(() => zone.state.view !== null);
    expect(zone.acks[0]).toMatchObject({ channel: 'zone', mode: 'snapshot' });
    const view = () => zone.state.view;

    // New events arrive live: the wall hears of them as a delta.
    const more = [...generateRange({ seed: 78 }, T('2026-06-04T10:00'), T('2026-06-04T11:59'))];
    const add = async (events: FeedEvent[]) => {
      const pipe = redis.pipeline();
      for (const e of events) pipe.xadd(keys.stream[sourceOfKind(e.kind)], '*', 'v', String(EVENT_SCHEMA_VERSION), 'e', JSON.stringify(e));
      await pipe.exec();
    };
    await add(more.slice(0, 20));
    await waitFor(() => zone.deltas > 0);
    await settled(t);
    // What a screen is sent of /api/metrics' view (ASOF is on a whole minute: the same instant).
    await waitFor(async () => JSON.stringify(view()) === JSON.stringify(screenView((await t.get('/api/metrics', token)).body)));

    // Cut the connection, write more while it is down: on reconnect it catches up by itself.
    // Drop the transport as a network failure would (engine.close() counts as a deliberate close).
    (socket.io.engine as unknown as { transport: { close(): void } }).transport.close();
    await add(more.slice(20));
    await settled(t);
    const expected = screenView((await t.get('/api/metrics', token)).body);
    await waitFor(() => JSON.stringify(view()) === JSON.stringify(expected), 10_000);
    // The reconnect resumed: the missed deltas, not a second snapshot, and the answer confirmed it.
    expect(zone.acks.length).toBe(2);
    expect(zone.acks[1]!.mode).toBe('delta');
    expect(zone.snapshots).toBe(1);
    expect(zone.gaps).toBe(0);

    // A malformed message is refused with an ack; the connection stays.
    const ack = await socket.emitWithAck('subscribe', { channel: 'mars' } as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(socket.connected).toBe(true);
    const sub = await socket.emitWithAck('subscribe', { channel: 'park:torch-park' });
    expect(sub).toMatchObject({ ok: true, data: { channel: 'park:torch-park', mode: 'snapshot' } });
    socket.disconnect();
  }, 60_000);

  it('refuses sockets without a token, with a wrong protocol, or from a foreign origin', async () => {
    const noToken = connectClient(t.url, () => ({}));
    const err1 = await new Promise<Error & { data?: { error: { code: string } } }>((resolve) => noToken.once('connect_error', resolve));
    expect(err1.data?.error.code).toBe('UNAUTHENTICATED');
    noToken.close();
    const oldWall = connectClient(t.url, () => ({ token, protocol: PROTOCOL_VERSION - 1 })); // the previous build
    const err2 = await new Promise<Error & { data?: { error: { code: string } } }>((resolve) => oldWall.once('connect_error', resolve));
    expect(err2.data?.error.code).toBe('PROTOCOL_MISMATCH');
    oldWall.close();
    const res = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('exposes Prometheus metrics (to a scraper with the token: tests/backend/metricsEndpoint.test.ts)', async () => {
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer gateway-test-scrape-token' } });
    const text = await res.text();
    expect(text).toMatch(/torch_events_in_total\{source="tax",outcome="applied"\} \d+/);
    expect(text).toMatch(/torch_events_rejected_total/);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}
