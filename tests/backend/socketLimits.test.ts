// Issue 13, point 3: the socket layer is bounded. A `subscribe` flood gets a RATE_LIMITED notice
// and refused acks, then the connection is closed, and far fewer snapshots are sent than asked
// for; sockets at once are capped per token and per client address (X-Forwarded-For behind a
// trusted proxy). Real gateway, real Redis, real socket.io-client.
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoticeMessage, PROTOCOL_VERSION } from '@torch/shared';
import { type ClientSocket, type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('socket limits');
const redis = up ? connect() : null;

describe.runIf(up)('socket limits', () => {
  const prefix = testPrefix('socketlimits');
  let g: TestGateway;
  const open: ClientSocket[] = [];

  beforeAll(async () => {
    g = await startGateway(prefix, { env: { SOCKETS_PER_TOKEN: '3', SOCKETS_PER_IP: '5', TRUST_PROXY: '1' } });
  });

  afterAll(async () => {
    for (const s of open) s.close();
    await g?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  /** A socket that does not reconnect by itself; resolves once connected or refused. */
  function socket(token: string, forwardedFor?: string): Promise<{ s: ClientSocket; error: (Error & { data?: { error: { code: string; message: string } } }) | null }> {
    const s: ClientSocket = connectSocket(g.url, {
      transports: ['websocket'], reconnection: false, auth: { token, protocol: PROTOCOL_VERSION },
      ...(forwardedFor ? { extraHeaders: { 'x-forwarded-for': forwardedFor } } : {}),
    });
    open.push(s);
    return new Promise((resolve) => {
      s.once('connect', () => resolve({ s, error: null }));
      s.once('connect_error', (error) => resolve({ s, error }));
    });
  }

  it('a subscribe flood gets a RATE_LIMITED notice and refused acks, then is disconnected; few snapshots are sent', async () => {
    const { s } = await socket(await g.displayToken('Flood'));
    let snapshots = 0;
    const notices: NoticeMessage[] = [];
    const acks: { ok: boolean; error?: { code: string } }[] = [];
    s.on('view', (m) => void (m.type === 'snapshot' && snapshots++));
    s.on('notice', (m) => notices.push(m));
    const closed = new Promise<string>((r) => s.once('disconnect', r));
    for (let i = 0; i < 2_000; i++) s.emit('subscribe', { channel: 'zone' }, (a) => acks.push(a as never));
    expect(await closed).toBe('io server disconnect');
    console.info(`subscribe flood: 2,000 sent, ${snapshots} snapshots, ${acks.filter((a) => a.ok).length} accepted, ${acks.filter((a) => !a.ok).length} refused before the gateway closed the socket`);
    // The default budget is 40 messages per 10 s.
    expect(snapshots).toBeLessThanOrEqual(40);
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(40);
    expect(acks.some((a) => !a.ok && a.error?.code === 'RATE_LIMITED')).toBe(true);
    expect(notices).toEqual([{ level: 'error', code: 'RATE_LIMITED', zh: expect.any(String), en: expect.any(String) }]);
  });

  it('a page that stays within the budget is not bothered', async () => {
    const { s } = await socket((await g.user('official')).accessToken);
    for (let i = 0; i < 10; i++) expect(await s.timeout(5000).emitWithAck('subscribe', { channel: 'alerts' })).toMatchObject({ ok: true });
    expect(s.connected).toBe(true);
    s.close();
  });

  it('the socket past SOCKETS_PER_TOKEN for one token is refused with a clear connect_error; closing one frees a place', async () => {
    const token = await g.displayToken('Wall');
    const first = await Promise.all([socket(token), socket(token), socket(token)]);
    expect(first.map((r) => r.error)).toEqual([null, null, null]);
    const fourth = await socket(token);
    expect(fourth.error?.message).toBe('at most 3 connections at once per token; close another screen that uses it');
    expect(fourth.error?.data).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // Another token is not affected.
    expect((await socket(await g.displayToken('Other wall'))).error).toBeNull();
    first[0]!.s.close();
    let again = await socket(token);
    for (let i = 0; i < 20 && again.error; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await socket(token);
    }
    expect(again.error).toBeNull();
    for (const r of [...first, again]) r.s.close();
  });

  it('sockets per address count the client behind the trusted proxy, not the proxy', async () => {
    const people = await Promise.all([g.user('operator'), g.user('operator')]);
    const tokens = [people[0]!.accessToken, people[0]!.accessToken, people[0]!.accessToken, people[1]!.accessToken, people[1]!.accessToken];
    const five = await Promise.all(tokens.map((t) => socket(t, '10.1.2.3')));
    expect(five.map((r) => r.error)).toEqual([null, null, null, null, null]);
    const sixth = await socket(people[1]!.accessToken, '10.1.2.3');
    expect(sixth.error?.message).toBe('at most 5 connections at once from one address');
    // The same proxy forwarding another client (an address spoofed further left is not trusted).
    expect((await socket(people[1]!.accessToken, '10.1.2.3, 10.9.9.9')).error).toBeNull();
  });
});
