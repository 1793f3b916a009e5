// A reconnect storm: 500 walls on one gateway, the gateway restarts, all 500 reconnect at once.
// Every one must be served a snapshot again and then follow new events (converge), and the gateway
// must stay responsive to REST meanwhile.
import { afterAll, describe, expect, it } from 'vitest';
import { type ScreenView, keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { declaration, writeEvent } from '../helpers/alerts.ts';
import { type ClientSocket, type TestGateway, connectClient, follow, settled, startGateway } from '../helpers/gateway.ts';
import { freePort } from '../helpers/processes.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('reconnect storm');
const redis = up ? connect() : null;
const CLIENTS = 500;

describe.runIf(up)('reconnect storm', () => {
  const prefix = testPrefix('storm');
  const clients: ClientSocket[] = [];
  let g: TestGateway | null = null;
  afterAll(async () => {
    for (const c of clients) c.close();
    await g?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  it(`${CLIENTS} walls reconnect at once after a gateway restart, get a snapshot and converge`, async () => {
    const to = Date.now() - 60_000;
    await backfill({ redis: redis!, keys: keyLayout(prefix), seed: 31, from: to - 3 * 86_400_000, to });
    const port = String(await freePort());
    // 500 walls on one token from one address: past the default socket limits, raised here.
    g = await startGateway(prefix, { env: { PORT: port, HOST: '127.0.0.1', SOCKETS_PER_TOKEN: '1000', SOCKETS_PER_IP: '1000' } });
    await settled(g);
    const token = await g.displayToken('Storm wall');

    const views: (ScreenView | null)[] = new Array(CLIENTS).fill(null);
    const snapshots = new Array<number>(CLIENTS).fill(0);
    for (let i = 0; i < CLIENTS; i++) {
      const c = connectClient(g.url, () => ({ token }));
      const zone = follow(c);
      c.on('view', () => {
        views[i] = zone.state.view;
        snapshots[i] = zone.snapshots;
      });
      clients.push(c);
    }
    const until = async (what: string, f: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!f()) {
        if (Date.now() > end) throw new Error(`timed out: ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until('every wall connected with a snapshot', () => snapshots.every((n) => n >= 1), 60_000);

    // Restart on the same port: every client is cut at once and comes back together.
    await g.stop();
    // 500 walls on one token from one address: past the default socket limits, raised here.
    g = await startGateway(prefix, { env: { PORT: port, HOST: '127.0.0.1', SOCKETS_PER_TOKEN: '1000', SOCKETS_PER_IP: '1000' } });
    const started = Date.now();
    await until('every wall served again', () => snapshots.every((n) => n >= 2), 90_000);
    const storm = Date.now() - started;
    expect((await fetch(`${g.url}/api/health`)).status).toBe(200);

    // New events reach every wall.
    const before = views[0]!.metrics.zone.exports.today;
    await writeEvent(redis!, prefix, declaration(Date.now(), 1_234_567));
    await until('every wall converged on the new event', () => views.every((v) => v !== null && v.metrics.zone.exports.today === before + 1_234_567), 60_000);
    console.info(`reconnect storm: ${CLIENTS} walls served again ${storm} ms after the restart`);
  }, 240_000);
});
