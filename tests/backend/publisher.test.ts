// The publisher in-process with a real Socket.IO server and client, ticks driven by the test:
// deterministic checks of what connected walls receive.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { type ChannelMessage, type FeedEvent, type ScreenView, applyChanges, changesOf, createState, parseShanghai, reduce } from '@torch/shared';
import { Publisher } from '../../backend/src/socket/publisher.ts';
import { createMetrics } from '../../backend/src/observability.ts';
import type { LiveSource } from '../../backend/src/ingest/liveSource.ts';

const T = parseShanghai('2026-06-10T10:00');
const invoice = (id: string, amount: number): FeedEvent =>
  ({ id, ts: T - 60_000, kind: 'tax.invoice', parkId: 'torch-park', uscc: '91350200MA2Y3K4P2Q', name: '厦门测试电子有限公司', amount, chain: 'computer-comm' }) as FeedEvent;

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

async function setup(now: () => number = () => T) {
  const http = createServer();
  const io = new Server(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  // The live state as the publisher reads it; the test plays the consumer that writes it.
  const ingest: { -readonly [K in keyof LiveSource]: LiveSource[K] } = { state: createState(), version: 0, caughtUp: true, lag: {} };
  const publisher = new Publisher(io as never, ingest, now, 250, createMetrics());
  io.on('connection', (s) => {
    void s.join('zone');
    publisher.sendSnapshot(s as never, 'zone');
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  closers.push(() => {
    io.close();
    http.close();
  });
  return { io, ingest, publisher, url };
}

function client(url: string) {
  const socket = connect(url, { transports: ['websocket'] });
  const got = { view: null as ScreenView | null, deltas: 0, epoch: '', seq: -1 };
  socket.on('view', (m: ChannelMessage) => {
    got.epoch = m.epoch;
    got.seq = m.seq;
    if (m.type === 'snapshot') got.view = m.view;
    else {
      applyChanges(got.view!, changesOf(m.patch));
      got.deltas++;
    }
  });
  closers.push(() => socket.close());
  return { socket, got };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 100 && !f(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(f()).toBe(true);
};

describe('publisher', () => {
  it('a wall already connected still gets changes that arrived just before another wall connected', async () => {
    const { ingest, publisher, url } = await setup();
    const a = client(url);
    await until(() => a.got.view !== null);
    reduce(ingest.state, invoice('x1', 500));
    ingest.version++;
    // Another wall connects between the batch and the next tick, and gets a snapshot.
    const b = client(url);
    await until(() => b.got.view !== null);
    publisher.tick();
    await until(() => a.got.deltas > 0);
    expect(a.got.view!.metrics.zone.sales.today).toBe(500);
    publisher.tick();
    await until(() => b.got.view!.metrics.zone.sales.today === 500);
  });

  it('sends nothing when nothing changed, and one delta for many events', async () => {
    const { ingest, publisher, url } = await setup();
    const a = client(url);
    await until(() => a.got.view !== null);
    publisher.tick();
    publisher.tick();
    for (let i = 0; i < 50; i++) reduce(ingest.state, invoice(`y${i}`, 10));
    ingest.version++;
    publisher.tick();
    await until(() => a.got.deltas === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.got.deltas).toBe(1);
    expect(a.got.view!.metrics.zone.sales.today).toBe(500);
  });

  it('keeps a room computed for 30 s after its last wall left (a blip resumes with deltas), then stops computing it', async () => {
    let now = T;
    const { io, ingest, publisher, url } = await setup(() => now);
    const a = client(url);
    await until(() => a.got.view !== null);
    a.socket.close();
    await until(() => !io.of('/').adapter.rooms.get('zone')?.size);
    const sink = (out: unknown[]) => ({ emit: (_: string, m: unknown) => out.push(m) }) as never;

    // 10 s later an event: nobody is in the room, but a wall coming back resumes with the delta.
    now += 10_000;
    reduce(ingest.state, invoice('z1', 700));
    ingest.version++;
    publisher.tick();
    const back: ChannelMessage[] = [];
    expect(publisher.catchUp(sink(back), 'zone', { epoch: a.got.epoch, seq: a.got.seq }).mode).toBe('delta');
    expect(back).toHaveLength(1);
    expect(changesOf((back[0] as Extract<ChannelMessage, { type: 'delta' }>).patch)).toContainEqual(['metrics/zone/sales/today', 700]);

    // Past the grace period the room is dropped: a wall resuming from where it stood gets a snapshot.
    const at = back[0]!.seq;
    now += 31_000;
    reduce(ingest.state, invoice('z2', 300));
    ingest.version++;
    publisher.tick();
    const late: ChannelMessage[] = [];
    expect(publisher.catchUp(sink(late), 'zone', { epoch: a.got.epoch, seq: at }).mode).toBe('snapshot');
    expect((late[0] as Extract<ChannelMessage, { type: 'snapshot' }>).view.metrics.zone.sales.today).toBe(1000);
  });
});
