// Security suite: the authorisation matrix (every route and socket event × every role and no
// token, written out here rather than derived from the permission table it checks), oversized
// bodies and socket frames, malformed socket packets, and rate limits across two gateways and
// behind a proxy. Token attacks (none algorithm, no expiry, tampered, expired, wrong key) are in
// auth.test.ts; Origin checks in gateway.test.ts.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@torch/shared';
import { raiseBigDeclaration, writeRulesFile } from '../helpers/alerts.ts';
import { type ClientSocket, type TestGateway, connectClient, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('security');
const redis = up ? connect() : null;

type Who = 'none' | 'display' | 'operator' | 'official' | 'admin' | 'responder';
const ALL: Who[] = ['display', 'operator', 'official', 'admin'];
const PEOPLE: Who[] = ['operator', 'official', 'admin'];

/** method, path, body, who may (everyone else: 401 without a token, 403 with one). */
const MATRIX: [string, string, unknown, Who[]][] = [
  ['GET', '/api/auth/me', undefined, [...ALL, 'responder']],
  ['GET', '/api/parks', undefined, ALL],
  ['GET', '/api/metrics', undefined, ALL],
  ['GET', '/api/metrics/series?metric=sales&from=0&to=86400000', undefined, ALL],
  ['GET', '/api/feeds', undefined, PEOPLE],
  ['GET', '/api/dead-letters', undefined, ['operator', 'admin']],
  ['GET', '/api/users', undefined, ['admin']],
  ['POST', '/api/users', { username: 'x', password: 'short' }, ['admin']],
  ['GET', '/api/display-tokens', undefined, ['admin']],
  ['POST', '/api/display-tokens', { name: '' }, ['admin']],
  ['DELETE', '/api/display-tokens/none', undefined, ['admin']],
  ['GET', '/api/alerts', undefined, ALL], // a display token: the wall projection (tests/backend/displayScope.test.ts)
  ['GET', '/api/alerts?format=csv', undefined, PEOPLE],
  ['GET', '/api/alerts/ALERT', undefined, PEOPLE],
  ['GET', '/api/alerts/silences', undefined, PEOPLE],
  ['POST', '/api/alerts/ALERT/ack', { version: 99 }, ['official', 'admin']],
  ['POST', '/api/alerts/silences', { matchers: {}, endsAt: 0, comment: '' }, ['official', 'admin']],
  ['DELETE', '/api/alerts/silences/none', undefined, ['official', 'admin']],
  ['GET', '/api/alerts/rules', undefined, PEOPLE],
  ['GET', '/api/alerts/audit', undefined, PEOPLE],
  ['GET', '/api/dispatch/units', undefined, [...PEOPLE, 'responder']],
  ['PUT', '/api/dispatch/units/none', {}, ['admin']],
  ['GET', '/api/dispatch/cases', undefined, [...PEOPLE, 'responder']],
  ['GET', '/api/dispatch/cases/none', undefined, [...PEOPLE, 'responder']],
  ['POST', '/api/dispatch/cases', {}, ['official', 'admin']],
  ['POST', '/api/dispatch/cases/none/commands', { type: 'accept', version: 1 }, ['official', 'admin', 'responder']],
  ['GET', '/api/dispatch/summary', undefined, [...ALL, 'responder']],
  ['GET', '/api/dispatch/figures', undefined, PEOPLE],
  ['GET', '/api/replay/sessions', undefined, ['operator', 'admin']],
  ['POST', '/api/replay/sessions', { from: 0, to: 0 }, ['operator', 'admin']],
  ['GET', '/api/replay/sessions/00000000-0000-4000-8000-000000000000', undefined, ['operator', 'admin']],
  ['POST', '/api/replay/sessions/00000000-0000-4000-8000-000000000000/control', { action: 'play' }, ['operator', 'admin']],
  ['DELETE', '/api/replay/sessions/00000000-0000-4000-8000-000000000000', undefined, ['operator', 'admin']],
  ['POST', '/api/replay/dry-run', { from: 0, to: 0, rules: '' }, ['operator', 'admin']],
  ['GET', '/api/replay/density?from=0&to=3600000', undefined, ['operator', 'admin']],
  ['GET', '/api/replay/export?from=0&to=1', undefined, ['operator', 'admin']],
];

describe.runIf(up)('security', () => {
  const prefix = testPrefix('security');
  let a: TestGateway;
  const tokens = {} as Record<Who, string>;
  let alertId = '';

  beforeAll(async () => {
    a = await startGateway(prefix, { env: { ALERT_RULES_FILE: writeRulesFile() } });
    tokens.admin = (await a.login()).accessToken;
    tokens.official = (await a.user('official')).accessToken;
    tokens.operator = (await a.user('operator')).accessToken;
    tokens.display = await a.displayToken('Matrix wall');
    tokens.responder = (await a.user('responder', 'tp.duty')).accessToken;
    await raiseBigDeclaration(redis!, prefix);
    for (let i = 0; i < 200 && !alertId; i++) {
      alertId = (await a.get('/api/alerts', tokens.admin)).body.items?.[0]?.id ?? '';
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await a?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  it('the authorisation matrix: every route × every role and no token', async () => {
    expect(alertId).not.toBe('');
    const wrong: string[] = [];
    for (const [method, rawPath, body, allowed] of MATRIX) {
      const path = rawPath.replace('ALERT', encodeURIComponent(alertId));
      for (const who of ['none', ...ALL, 'responder'] as Who[]) {
        const res = await fetch(a.url + path, {
          method,
          headers: { ...(who !== 'none' ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const expected = who === 'none' ? 401 : allowed.includes(who) ? 'allowed' : 403;
        const ok = expected === 'allowed' ? res.status !== 401 && res.status !== 403 : res.status === expected;
        if (!ok) wrong.push(`${method} ${rawPath} as ${who}: ${res.status}, expected ${expected}`);
        await res.body?.cancel();
      }
    }
    expect(wrong).toEqual([]);
  });

  it('socket events: walls and officials cannot watch a replay; a bad payload fails its ack, not the connection', async () => {
    for (const who of ['display', 'official'] as Who[]) {
      const s = connectClient(a.url, () => ({ token: tokens[who] }));
      try {
        const r = await s.timeout(5000).emitWithAck('subscribe', { channel: 'replay:00000000-0000-4000-8000-000000000000' });
        expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      } finally {
        s.close();
      }
    }
    const op = connectClient(a.url, () => ({ token: tokens.operator }));
    try {
      expect(await op.timeout(5000).emitWithAck('subscribe', { channel: 'replay:not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await op.timeout(5000).emitWithAck('subscribe', { channel: 'park:nowhere' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await op.timeout(5000).emitWithAck('subscribe', { channel: 'zone', resume: { epoch: 'x', seq: -1 } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await op.timeout(5000).emitWithAck('subscribe', { channel: 'replay:00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await op.timeout(5000).emitWithAck('unsubscribe', { channel: 'nowhere' } as never)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(op.connected).toBe(true);
    } finally {
      op.close();
    }
  });

  it('oversized bodies get 413; an oversized socket frame closes only that socket', async () => {
    const big = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'x'.repeat(20_000) }) });
    expect(big.status).toBe(413);

    const bystander = connectClient(a.url, () => ({ token: tokens.display }));
    const snapshots: number[] = [];
    bystander.on('view', (m) => m.type === 'snapshot' && snapshots.push(m.seq));
    const attacker = connectClient(a.url, () => ({ token: tokens.operator }));
    try {
      await new Promise((r) => attacker.once('hello', r));
      const closed = new Promise((r) => attacker.once('disconnect', r));
      (attacker.emit as (ev: string, payload: unknown) => void)('subscribe', { channel: 'zone', pad: 'x'.repeat(64_000) });
      await closed;
      expect(bystander.connected).toBe(true);
      expect(await bystander.timeout(5000).emitWithAck('subscribe', { channel: 'zone' })).toMatchObject({ ok: true });
    } finally {
      attacker.io.opts.reconnection = false;
      attacker.close();
      bystander.close();
    }
  });

  it('malformed Engine.IO / Socket.IO packets are refused without harming other clients', async () => {
    const bystander: ClientSocket = connectClient(a.url, () => ({ token: tokens.display }));
    await new Promise((r) => bystander.once('hello', r));
    const garbage = ['', 'x', '4', '42', '42["subscribe"', '42[1,2,3]', '451-["subscribe",{"_placeholder":true,"num":99}]', '0{"sid":1}', '\u0000\u0001', '4'.repeat(10_000)];
    for (const g of garbage) {
      const ws = new WebSocket(`${a.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
      await new Promise<void>((done) => {
        ws.on('open', () => {
          ws.send('40' + JSON.stringify({ token: tokens.operator, protocol: PROTOCOL_VERSION }));
          setTimeout(() => ws.send(g), 50);
          setTimeout(() => (ws.close(), done()), 200);
        });
        ws.on('error', () => done());
      });
    }
    expect(bystander.connected).toBe(true);
    expect(await bystander.timeout(5000).emitWithAck('subscribe', { channel: 'zone' })).toMatchObject({ ok: true });
    expect((await fetch(`${a.url}/api/health`)).status).toBe(200);
    bystander.close();
  });

  it('rate limits hold across two gateways, per client address behind a trusted proxy, and ignore forged headers otherwise', async () => {
    const p = testPrefix('ratelimit');
    const env = { RATE_LIMIT_PER_MINUTE: '20', ALERT_RULES_FILE: writeRulesFile() };
    const g1 = await startGateway(p, { env: { ...env, GATEWAY_ID: 'rl-a' } });
    const g2 = await startGateway(p, { env: { ...env, GATEWAY_ID: 'rl-b' } });
    const proxied = await startGateway(p, { env: { ...env, GATEWAY_ID: 'rl-c', TRUST_PROXY: '1' } });
    try {
      const statuses = async (g: TestGateway, n: number, headers: Record<string, string> = {}) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await fetch(`${g.url}/api/parks`, { headers })).status);
        return out;
      };
      // Same client, two gateways: one budget of 20.
      const first = await statuses(g1, 12);
      const second = await statuses(g2, 12);
      expect(first.filter((s) => s === 429)).toHaveLength(0);
      expect(second.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
      // A forged X-Forwarded-For does not buy a new budget on a gateway that trusts no proxy.
      expect((await statuses(g1, 3, { 'x-forwarded-for': '203.0.113.9' })).every((s) => s === 429)).toBe(true);
      // Behind a trusted proxy each client address has its own budget.
      expect((await statuses(proxied, 5, { 'x-forwarded-for': '198.51.100.7' })).every((s) => s !== 429)).toBe(true);
      expect((await statuses(proxied, 25, { 'x-forwarded-for': '198.51.100.8' })).filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    } finally {
      await Promise.all([g1.stop(), g2.stop(), proxied.stop()]);
      await deletePrefix(redis!, p);
    }
  });
});
