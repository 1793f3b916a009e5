// The socket contract as a page uses it: nothing before a subscription, explicit channels, a
// resume that is confirmed by its answer even when nothing was missed, and a session renewed over
// the open socket (so a signed-in wall is not cut when its first access token expires).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { type AlertsMessage, type ChannelMessage, type WallAlertsMessage, keyLayout } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { declaration, writeEvent } from '../helpers/alerts.ts';
import { type TestGateway, connectClient, follow, settled, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('sockets');

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(up)('sockets', () => {
  const prefix = testPrefix('sockets');
  let redis: Redis;
  let g: TestGateway;

  beforeAll(async () => {
    redis = connect();
    const to = Date.now() - 60_000;
    await backfill({ redis, keys: keyLayout(prefix), seed: 51, from: to - 86_400_000, to });
    g = await startGateway(prefix, { env: { ACCESS_TOKEN_TTL_SECONDS: '60' } });
    await settled(g);
  }, 120_000);

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('sends nothing but hello before a subscription; each channel answers what it is; unsubscribe stops it', async () => {
    const admin = (await g.login()).accessToken;
    const s = connectClient(g.url, () => ({ token: admin }));
    const views: ChannelMessage[] = [];
    const alerts: (AlertsMessage | WallAlertsMessage)[] = [];
    s.on('view', (m) => views.push(m));
    s.on('alerts', (m) => alerts.push(m));
    try {
      await new Promise((r) => s.once('hello', r));
      await writeEvent(redis, prefix, declaration(Date.now(), 4_321));
      await new Promise((r) => setTimeout(r, 500));
      expect(views).toEqual([]);
      expect(alerts).toEqual([]);

      expect(await s.emitWithAck('subscribe', { channel: 'alerts' })).toMatchObject({ ok: true, data: { mode: 'alerts' } });
      expect(alerts).toHaveLength(1);
      const park = await s.emitWithAck('subscribe', { channel: 'park:hubian-park' });
      expect(park).toMatchObject({ ok: true, data: { channel: 'park:hubian-park', mode: 'snapshot' } });
      expect(views.at(-1)).toMatchObject({ type: 'snapshot', channel: 'park:hubian-park', meta: { kind: 'live' } });

      expect(await s.emitWithAck('unsubscribe', { channel: 'park:hubian-park' })).toMatchObject({ ok: true });
      const before = views.length;
      await writeEvent(redis, prefix, declaration(Date.now(), 1_111));
      await settled(g);
      await new Promise((r) => setTimeout(r, 500));
      expect(views.length).toBe(before);
    } finally {
      s.close();
    }
  });

  it('a resume with nothing missed is answered at once, with no message: the answer is the confirmation', async () => {
    const token = await g.displayToken('Resume wall');
    const s = connectClient(g.url, () => ({ token }));
    try {
      const zone = follow(s);
      await until('a snapshot', () => zone.state.view !== null);
      const position = { epoch: zone.state.epoch!, seq: zone.state.seq };
      const count = zone.messages.length;
      const r = await s.emitWithAck('subscribe', { channel: 'zone', resume: position });
      expect(r).toEqual({ ok: true, data: { channel: 'zone', mode: 'delta', seq: position.seq } });
      expect(zone.messages.length).toBe(count);
      // Another epoch (a restarted gateway): a snapshot.
      const other = await s.emitWithAck('subscribe', { channel: 'zone', resume: { epoch: 'gone', seq: 3 } });
      expect(other).toMatchObject({ ok: true, data: { mode: 'snapshot' } });
    } finally {
      s.close();
    }
  });

  it('a renewed access token keeps the socket open past the first one; without renewal it ends at expiry', async () => {
    const first = await g.login();
    const plain = connectClient(g.url, () => ({ token: first.accessToken }));
    const renewed = connectClient(g.url, () => ({ token: first.accessToken }));
    const ended: string[] = [];
    plain.on('session_ended', (m) => ended.push(`plain:${m.reason}`));
    renewed.on('session_ended', (m) => ended.push(`renewed:${m.reason}`));
    renewed.io.opts.reconnection = false;
    plain.io.opts.reconnection = false;
    try {
      await Promise.all([new Promise((r) => plain.once('hello', r)), new Promise((r) => renewed.once('hello', r))]);
      // Another person's token is refused, and changes nothing.
      const official = await g.user('official');
      expect(await renewed.emitWithAck('session_renew', { token: official.accessToken })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await renewed.emitWithAck('session_renew', { token: 'not-a-token-at-all' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      // Tokens count whole seconds: renew once the new one outlives the first.
      await new Promise((r) => setTimeout(r, 2100));
      const second = await g.login();
      const r = await renewed.emitWithAck('session_renew', { token: second.accessToken });
      expect(r.ok).toBe(true);
      await until('the first token to expire', () => ended.includes('plain:expired'), 70_000);
      expect(renewed.connected).toBe(true);
      expect(ended).toEqual(['plain:expired']);
      await until('the renewed token to expire', () => ended.includes('renewed:expired'), 10_000);
    } finally {
      plain.close();
      renewed.close();
    }
  }, 90_000);
});
