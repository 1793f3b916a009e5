// Gateway auth against the real Redis, through a real express app on a random port: sign-in,
// refresh rotation, forged and expired tokens, display links and their revocation, permissions,
// the login rate limit, and the first-admin bootstrap. Own key prefix, deleted afterwards.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { SignJWT } from 'jose';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionSchema, failure, type Session } from '@torch/shared';
import { makeLogger } from '@torch/simulators';
import {
  AuthError, AuthStore, TokenService, createAuthRouter, createLoginLimiter, loadSigningSecret, verifyPassword,
} from '../../backend/src/auth/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const available = await requireRedis('gateway auth against Redis');

const ADMIN_PW = 'admin-password-1';
const OFFICIAL_PW = 'official-password-1';

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const decodePart = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString()) as Record<string, unknown>;

describe.skipIf(!available)('gateway auth', () => {
  let redis: Redis;
  let server: Server;
  let base: string;
  let secret: string;
  let tokens: TokenService;
  let store: AuthStore;
  let prefix: string;
  const prefixes: string[] = [];
  const newPrefix = (name: string) => {
    const p = testPrefix(name);
    prefixes.push(p);
    return p;
  };

  beforeAll(async () => {
    redis = connect();
    prefix = newPrefix('auth');
    secret = await loadSigningSecret(redis, prefix);
    tokens = new TokenService(secret);
    store = new AuthStore(redis, prefix);
    await store.createUser('admin', ADMIN_PW, 'admin');
    await store.createUser('li.official', OFFICIAL_PW, 'official');
    const app = express();
    app.use(express.json({ limit: '16kb' }));
    app.use('/api', createAuthRouter({ tokens, store, limiter: createLoginLimiter(redis, prefix, undefined, process.env.TORCH_STORE === 'embedded'), log: makeLogger('silent') }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    for (const p of prefixes) await deletePrefix(redis, p);
    await redis.quit();
  });

  async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
    const res = await fetch(base + path, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function login(username: string, password: string): Promise<Session> {
    const res = await call('POST', '/auth/login', { body: { username, password } });
    expect(res.status).toBe(200);
    return SessionSchema.parse(res.body);
  }

  /** A correctly signed token with whatever claims the test wants (jose directly, not TokenService). */
  function signRaw(claims: Record<string, unknown>, opts: { key?: string; exp?: number | null } = {}) {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setJti('t-1').setIssuer('torch-gateway').setAudience('torch');
    if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600);
    return jwt.sign(new TextEncoder().encode(opts.key ?? secret));
  }

  it('signs in with the right password and says who the caller is', async () => {
    const session = await login('admin', ADMIN_PW);
    expect(session).toMatchObject({ username: 'admin', role: 'admin', expiresIn: 900 });
    const me = await call('GET', '/auth/me', { token: session.accessToken });
    expect(me).toMatchObject({ status: 200, body: { username: 'admin', role: 'admin', kind: 'access' } });
    expect((await call('GET', '/auth/me')).body).toEqual(failure('UNAUTHENTICATED'));
  });

  it('refuses an unknown user, a wrong password and a disabled account with the same answer', async () => {
    await store.createUser('gone.user', 'gone-password-1', 'operator');
    await store.setDisabled('gone.user', true);
    const unknown = await call('POST', '/auth/login', { body: { username: 'nobody', password: ADMIN_PW } });
    const wrong = await call('POST', '/auth/login', { body: { username: 'admin', password: 'not-the-password' } });
    const disabled = await call('POST', '/auth/login', { body: { username: 'gone.user', password: 'gone-password-1' } });
    for (const res of [unknown, wrong, disabled]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(failure('INVALID_CREDENTIALS'));
    }
  });

  it('rotates refresh tokens: the old one is dead after use, logout kills the new one', async () => {
    const first = await login('li.official', OFFICIAL_PW);
    const refreshed = await call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(refreshed.status).toBe(200);
    const second = SessionSchema.parse(refreshed.body);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second).toMatchObject({ username: 'li.official', role: 'official' });
    const reused = await call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reused).toMatchObject({ status: 401, body: failure('UNAUTHENTICATED') });
    expect((await call('POST', '/auth/logout', { body: { refreshToken: second.refreshToken } })).status).toBe(204);
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: second.refreshToken } })).status).toBe(401);
    // only a SHA-256 of the token is kept in Redis
    const third = await store.issueRefresh('li.official');
    const keys = await redis.keys(`${store.keys.refresh('')}*`);
    expect(keys.some((k) => k.includes(third))).toBe(false);
  });

  it('refuses an unsigned ("alg": "none") token', async () => {
    const claims = { sub: 'admin', role: 'admin', kind: 'access', jti: 'x', iss: 'torch-gateway', aud: 'torch', exp: Math.floor(Date.now() / 1000) + 600 };
    for (const header of [{ alg: 'none' }, { alg: 'none', typ: 'JWT' }]) {
      const forged = `${b64url(header)}.${b64url(claims)}.`;
      expect((await call('GET', '/auth/me', { token: forged })).body).toEqual(failure('UNAUTHENTICATED'));
    }
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const session = await login('li.official', OFFICIAL_PW);
    const [header, payload, signature] = session.accessToken.split('.');
    const promoted = { ...decodePart(payload), role: 'admin', sub: 'admin' };
    const tampered = `${header}.${b64url(promoted)}.${signature}`;
    expect((await call('GET', '/auth/me', { token: tampered })).body).toEqual(failure('UNAUTHENTICATED'));
    expect((await call('POST', '/users', { token: tampered, body: { username: 'evil', password: 'evil-password-1', role: 'admin' } })).status).toBe(401);
  });

  it('refuses a token signed with another secret, one without exp, and one with a role or kind that does not exist', async () => {
    const cases = [
      await signRaw({ role: 'admin', kind: 'access' }, { key: 'another-secret-of-at-least-32-characters!!' }),
      await signRaw({ role: 'admin', kind: 'access' }, { exp: null }),
      await signRaw({ role: 'root', kind: 'access' }),
      await signRaw({ role: 'display', kind: 'access' }),
      await signRaw({ role: 'admin', kind: 'display' }),
    ];
    for (const token of cases) {
      const res = await call('GET', '/auth/me', { token });
      expect(res).toMatchObject({ status: 401, body: failure('UNAUTHENTICATED') });
    }
    // the same construction with everything right is accepted, so the cases above fail for their one flaw
    expect((await call('GET', '/auth/me', { token: await signRaw({ role: 'admin', kind: 'access' }) })).status).toBe(200);
  });

  it('answers TOKEN_EXPIRED for a genuine token past its exp', async () => {
    const expired = await signRaw({ role: 'admin', kind: 'access' }, { exp: Math.floor(Date.now() / 1000) - 60 });
    const res = await call('GET', '/auth/me', { token: expired });
    expect(res).toMatchObject({ status: 401, body: failure('TOKEN_EXPIRED') });
    await expect(tokens.verify(expired)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    await expect(tokens.verify('garbage')).rejects.toBeInstanceOf(AuthError);
  });

  it('a display link works from the URL until it is revoked, and the revocation is announced', async () => {
    const admin = await login('admin', ADMIN_PW);
    const created = await call('POST', '/display-tokens', { token: admin.accessToken, body: { name: 'Lobby wall', ttlDays: 30 } });
    expect(created.status).toBe(201);
    const { token, id, url } = created.body as { token: string; id: string; url: string };
    expect(url).toBe(`/wall?token=${token}`);
    const listed = await call('GET', '/display-tokens', { token: admin.accessToken });
    expect(listed.body).toEqual([expect.objectContaining({ id, name: 'Lobby wall', createdBy: 'admin' })]);

    const viaUrl = await fetch(`${base}/auth/me?token=${token}`);
    expect(await viaUrl.json()).toEqual({ username: 'Lobby wall', role: 'display', kind: 'display' });
    // the kiosk token can read, but cannot manage anything
    expect((await call('GET', '/users', { token })).body).toEqual(failure('FORBIDDEN'));
    // a user's access token is never accepted from the URL
    expect((await fetch(`${base}/auth/me?token=${admin.accessToken}`)).status).toBe(401);

    const sub = redis.duplicate();
    const announced = new Promise<string>((resolve) => sub.on('message', (_channel: string, message: string) => resolve(message)));
    await sub.subscribe(store.keys.revoked);
    try {
      expect((await call('DELETE', `/display-tokens/${id}`, { token: admin.accessToken })).status).toBe(204);
      expect(await announced).toBe(id);
    } finally {
      await sub.quit();
    }
    const after = await fetch(`${base}/auth/me?token=${token}`);
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual(failure('UNAUTHENTICATED'));
    expect((await call('DELETE', `/display-tokens/${id}`, { token: admin.accessToken })).body).toEqual(failure('NOT_FOUND'));
  });

  it('only an admin manages users; names are unique; hashes never leave the store', async () => {
    const official = await login('li.official', OFFICIAL_PW);
    const newUser = { username: 'wang.ops', password: 'operator-password-1', role: 'operator' };
    const denied = await call('POST', '/users', { token: official.accessToken, body: newUser });
    expect(denied).toMatchObject({ status: 403, body: failure('FORBIDDEN') });
    expect((await call('GET', '/users', { token: official.accessToken })).status).toBe(403);

    const admin = await login('admin', ADMIN_PW);
    const created = await call('POST', '/users', { token: admin.accessToken, body: newUser });
    expect(created).toMatchObject({ status: 201, body: { username: 'wang.ops', role: 'operator', disabled: false } });
    const again = await call('POST', '/users', { token: admin.accessToken, body: newUser });
    expect(again).toMatchObject({ status: 409, body: { ok: false, error: { code: 'CONFLICT', field: 'username' } } });
    const list = await call('GET', '/users', { token: admin.accessToken });
    expect((list.body as { username: string }[]).map((u) => u.username)).toContain('wang.ops');
    expect(JSON.stringify(list.body)).not.toMatch(/hash|\$2[aby]\$/);
    await login('wang.ops', 'operator-password-1');
  });

  it('locks a user name out after 5 wrong passwords a minute: the 6th attempt gets 429 with Retry-After', async () => {
    await store.createUser('target', 'target-password-1', 'operator');
    for (let i = 1; i <= 5; i++) {
      expect((await call('POST', '/auth/login', { body: { username: 'target', password: `guess-${i}` } })).status).toBe(401);
    }
    const sixth = await call('POST', '/auth/login', { body: { username: 'target', password: 'target-password-1' } });
    expect(sixth.status).toBe(429);
    expect(sixth.body).toEqual(failure('RATE_LIMITED'));
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // limiter keys live under the prefix like everything else (on the embedded store it counts in memory)
    if (process.env.TORCH_STORE !== 'embedded') expect((await redis.keys(`${prefix}auth:rl:*`)).length).toBeGreaterThan(0);
  });

  it('answers 400 naming the field for a bad body', async () => {
    const short = await call('POST', '/auth/login', { body: { username: 'a', password: 'x' } });
    expect(short).toMatchObject({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST', field: 'username' } } });
    const extra = await call('POST', '/auth/login', { body: { username: 'admin', password: 'x', isAdmin: true } });
    expect(extra).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', field: 'isAdmin' } } });
    const admin = await login('admin', ADMIN_PW);
    const weak = await call('POST', '/users', { token: admin.accessToken, body: { username: 'zhao', password: 'short', role: 'operator' } });
    expect(weak).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', field: 'password' } } });
    expect((weak.body as { error: { message: string } }).error.message).toMatch(/^password: /);
    const noBody = await call('POST', '/auth/refresh');
    expect(noBody).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
  });

  it('creates the first admin exactly once, even when two gateways start together', async () => {
    const boot = newPrefix('bootstrap');
    const other = redis.duplicate();
    try {
      const [a, b] = await Promise.all([new AuthStore(redis, boot).ensureInitialAdmin(), new AuthStore(other, boot).ensureInitialAdmin()]);
      const made = [a, b].filter((r) => r !== null);
      expect(made).toHaveLength(1);
      const { password } = made[0]!;
      expect(password).toMatch(/^[a-zA-Z2-9]{20}$/);
      expect(await redis.hlen(`${boot}auth:users`)).toBe(1);
      const stored = JSON.parse((await redis.hget(`${boot}auth:users`, 'admin'))!) as { hash: string; role: string };
      expect(stored.role).toBe('admin');
      expect(await verifyPassword(password, stored.hash)).toBe(true);
      expect(await new AuthStore(redis, boot).ensureInitialAdmin('env-password-1234')).toBeNull();
    } finally {
      await other.quit();
    }
    const withEnv = newPrefix('bootstrap-env');
    expect(await new AuthStore(redis, withEnv).ensureInitialAdmin('env-password-1234')).toEqual({ username: 'admin', password: 'env-password-1234' });
    await expect(new AuthStore(redis, newPrefix('bootstrap-short')).ensureInitialAdmin('short')).rejects.toThrow(/at least 12 characters/);
  });

  it('shares one signing secret per prefix and refuses a short one from the environment', async () => {
    const shared = newPrefix('secret');
    const other = redis.duplicate();
    const [s1, s2] = await Promise.all([loadSigningSecret(redis, shared), loadSigningSecret(other, shared)]);
    await other.quit();
    expect(s1).toBe(s2);
    expect(Buffer.from(s1, 'base64')).toHaveLength(48);
    await expect(loadSigningSecret(redis, shared, 'too-short')).rejects.toThrow(/at least 32 characters/);
    expect(await loadSigningSecret(redis, shared, 'x'.repeat(32))).toBe('x'.repeat(32));
  });
});
