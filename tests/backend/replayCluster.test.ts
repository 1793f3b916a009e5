// Replay across gateways (Redis only: the embedded store serves a single gateway and is not in this
// suite's project): a session opened on one gateway is listed, driven, watched and closed through
// another, by Socket.IO's Redis adapter and server-side requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetricsView, type ReplayViewMessage, SOURCES, createState, decodeEntry, keyLayout, reduce, reduceRejected, viewAt } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { type TestGateway, connectClient, settled, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('replay across gateways');
const redis = up ? connect() : null;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function until(f: () => boolean, ms = 10_000): Promise<void> {
  const stop = Date.now() + ms;
  while (!f()) {
    if (Date.now() > stop) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(up)('replay across gateways', () => {
  const prefix = testPrefix('replay-cluster');
  const layout = keyLayout(prefix);
  let a: TestGateway;
  let b: TestGateway;
  let operator: string;
  const end = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const start = end - 6 * HOUR;

  beforeAll(async () => {
    await backfill({ redis: redis!, keys: layout, seed: 9, from: end - 9 * DAY, to: end });
    a = await startGateway(prefix, { env: { GATEWAY_ID: 'first' } });
    b = await startGateway(prefix, { env: { GATEWAY_ID: 'second' } });
    await settled(a, 60_000);
    await settled(b, 60_000);
    operator = (await a.user('operator')).accessToken;
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  it('a session opened on one gateway is listed, driven, watched and closed through another', async () => {
    const created = await a.post('/api/replay/sessions', { from: start, to: end, speed: 1 }, operator);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await b.get('/api/replay/sessions', operator)).body.items.map((x: { id: string }) => x.id)).toContain(id);

    const watcher = connectClient(b.url, () => ({ token: operator }));
    const messages: ReplayViewMessage[] = [];
    watcher.on('view', (m) => m.meta.kind === 'replay' && messages.push(m as ReplayViewMessage));
    try {
      expect(await watcher.timeout(5000).emitWithAck('subscribe', { channel: `replay:${id}` })).toMatchObject({ ok: true, data: { channel: `replay:${id}`, mode: 'snapshot' } });
      expect((await a.get(`/api/replay/sessions/${id}`, operator)).body.info.watchers).toBe(1);
      await until(() => messages.some((m) => m.type === 'snapshot'));
      const at = start + 4 * HOUR;
      const moved = await b.post(`/api/replay/sessions/${id}/control`, { action: 'seek', at }, operator);
      expect(moved.status).toBe(200);
      expect(moved.body.clock).toBe(at);
      await until(() => messages.some((m) => m.meta.info.clock === at));

      const fresh = createState();
      for (const src of SOURCES) {
        for (const [eid, fields] of (await redis!.xrange(layout.stream[src], '-', String(at - 1))) as [string, string[]][]) {
          const d = decodeEntry(src, eid, fields);
          if (d.ok) reduce(fresh, d.event, d.arrival);
          else reduceRejected(fresh, src, d.arrival);
        }
      }
      const seen = (await b.get(`/api/replay/sessions/${id}`, operator)).body as { view: MetricsView };
      expect(seen.view.metrics).toEqual(viewAt(fresh, at).metrics);

      expect((await b.del(`/api/replay/sessions/${id}`, operator)).status).toBe(204);
      expect((await a.get(`/api/replay/sessions/${id}`, operator)).status).toBe(404);
    } finally {
      watcher.close();
    }
  });
});
