// A slow wall: a real WebSocket client that stops reading (its TCP socket paused) while the
// gateway keeps publishing. The gateway must not queue it an unbounded backlog (it is skipped while
// its buffer is full), other walls must keep receiving, and once it reads again it must end up on
// the latest state (a fresh snapshot), not on a stale one.
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChangeTree, type MetricsView, PROTOCOL_VERSION, type ScreenView, applyChanges, changesOf, keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { declaration, writeEvent } from '../helpers/alerts.ts';
import { connectClient, follow, settled, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('slow client');
const redis = up ? connect() : null;

describe.runIf(up)('a slow socket client', () => {
  const prefix = testPrefix('slow');
  afterAll(async () => {
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  it('is skipped while it does not read, others keep up, and it gets the latest state when it reads again', async () => {
    const to = Date.now() - 60_000;
    await backfill({ redis: redis!, keys: keyLayout(prefix), seed: 41, from: to - 2 * 86_400_000, to });
    // The socket event limit is lifted: this test floods subscribes on purpose, to fill the buffers.
    const g = await startGateway(prefix, { env: { DELTA_HZ: '20', SOCKET_EVENTS_PER_10S: '10000', METRICS_TOKEN: SCRAPE_TOKEN } });
    try {
      await settled(g);
      const token = await g.displayToken('Slow wall');

      // The slow wall, speaking Engine.IO / Socket.IO by hand so that its socket can be paused.
      const ws = new WebSocket(`${g.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
      const slow: { view: ScreenView | null; messages: number } = { view: null, messages: 0 };
      ws.on('message', (data) => {
        const text = data.toString();
        if (text === '2') return ws.send('3'); // ping → pong
        if (text.startsWith('0')) return ws.send(`40${JSON.stringify({ token, protocol: PROTOCOL_VERSION })}`);
        if (text.startsWith('40')) return ws.send(`42${JSON.stringify(['subscribe', { channel: 'zone' }])}`);
        if (!text.startsWith('42')) return;
        const [event, m] = JSON.parse(text.slice(2)) as [string, { type?: string; view?: ScreenView; patch?: ChangeTree }];
        if (event !== 'view') return;
        slow.messages++;
        if (m.type === 'snapshot') slow.view = m.view!;
        else if (m.type === 'delta' && slow.view) applyChanges(slow.view, changesOf(m.patch!));
      });
      await new Promise((r) => ws.once('open', r));
      for (let i = 0; i < 100 && !slow.view; i++) await new Promise((r) => setTimeout(r, 50));
      expect(slow.view).not.toBeNull();

      const fast = connectClient(g.url, () => ({ token }));
      const zone = follow(fast);
      const quick = { get view() { return zone.state.view; } };

      // Stop reading, and make the gateway owe this wall far more than the socket buffers hold:
      // every subscribe is answered with a whole snapshot (a screen view of some KB: 2,000 of them outgrow the loopback socket's buffers).
      (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      for (let i = 0; i < 2000; i++) ws.send(`42${JSON.stringify(['subscribe', { channel: 'zone' }])}`);
      const slowBefore = await counter(g.url, 'torch_slow_socket_skips_total');
      let total = 0;
      for (let i = 0; i < 40; i++) {
        await writeEvent(redis!, prefix, declaration(Date.now(), 1_000 + i));
        total += 1_000 + i;
        await new Promise((r) => setTimeout(r, 60));
      }
      await settled(g);
      const expected = (await g.get('/api/metrics', (await g.login()).accessToken)).body as MetricsView;
      for (let i = 0; i < 100 && quick.view?.metrics.zone.exports.today !== expected.metrics.zone.exports.today; i++) await new Promise((r) => setTimeout(r, 50));
      expect(quick.view?.metrics.zone.exports.today).toBe(expected.metrics.zone.exports.today);
      expect(await counter(g.url, 'torch_slow_socket_skips_total')).toBeGreaterThan(slowBefore);

      // Read again: it drains what was queued and ends on the latest figures.
      (ws as unknown as { _socket: { resume(): void } })._socket.resume();
      await writeEvent(redis!, prefix, declaration(Date.now(), 7));
      await settled(g);
      const latest = (await g.get('/api/metrics', (await g.login()).accessToken)).body as MetricsView;
      for (let i = 0; i < 200 && slow.view?.metrics.zone.exports.today !== latest.metrics.zone.exports.today; i++) await new Promise((r) => setTimeout(r, 50));
      expect(slow.view?.metrics.zone.exports.today).toBe(latest.metrics.zone.exports.today);
      expect(total).toBeGreaterThan(0);
      fast.close();
      ws.close();
    } finally {
      await g.stop();
    }
  }, 120_000);
});

const SCRAPE_TOKEN = 'slow-client-test-scrape-token';

async function counter(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
