// A real gateway for tests: the same composition root as production, on a random port, against
// the shared Redis under the test's own prefix, with a clock the test may fix.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { type Gateway, GatewayConfigSchema, createGateway } from '@torch/backend';
import {
  type Channel, type ChannelMessage, type ChannelState, type ClientToServerEvents, EMPTY_CHANNEL, type LiveMeta, PROTOCOL_VERSION, type ServerToClientEvents,
  type Session, type SubscribeResult, applyViewMessage, positionOf,
} from '@torch/shared';
import { REDIS_URL } from './redis.ts';

export const ADMIN_PASSWORD = 'test-root-password';

/** The password `user()` gives an account: deterministic, and by the password rule (it must not contain the name). */
export function passwordFor(name: string): string {
  return `pw-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

export interface TestGateway {
  gateway: Gateway;
  redis: Redis;
  url: string;
  login(username?: string, password?: string): Promise<Session>;
  get(path: string, token?: string): Promise<{ status: number; body: any }>;
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }>;
  put(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }>;
  del(path: string, token?: string): Promise<{ status: number; body: any }>;
  /** An account with this role (password: passwordFor(name)), signed in. */
  user(role: 'official' | 'operator' | 'admin' | 'responder', name?: string): Promise<Session>;
  /** A kiosk (display) token made by the admin. */
  displayToken(name?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startGateway(prefix: string, opts: { now?: () => number; env?: Record<string, string>; redisUrl?: string } = {}): Promise<TestGateway> {
  const config = GatewayConfigSchema.parse({
    HOST: '127.0.0.1', PORT: '0', TORCH_KEY_PREFIX: prefix, TORCH_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'silent',
    READ_BLOCK_MS: '200', DELTA_HZ: '10', SERVE_FRONTEND: 'false', RATE_LIMIT_PER_MINUTE: '100000', ...opts.env,
  });
  const redis = new Redis(opts.redisUrl ?? REDIS_URL, { maxRetriesPerRequest: 3, retryStrategy: (n) => Math.min(100 * n, 1000) });
  redis.on('error', () => {}); // tests stop and break Redis on purpose; commands still reject when it matters
  // The embedded store's contract suite runs the gateway as npm start does on it.
  const storage = process.env.TORCH_STORE === 'embedded' ? 'embedded' : 'redis';
  const gateway = await createGateway({ config, redis, log: pino({ level: 'silent' }), storage, ...(opts.now ? { now: opts.now } : {}) });
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(gateway.url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as any };
  };
  const login = async (username = 'admin', password = ADMIN_PASSWORD) => {
    const r = await call('POST', '/api/auth/login', undefined, { username, password });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Session;
  };
  return {
    gateway,
    redis,
    url: gateway.url,
    login,
    get: (path, token) => call('GET', path, token),
    post: (path, body, token) => call('POST', path, token, body),
    put: (path, body, token) => call('PUT', path, token, body),
    del: (path, token) => call('DELETE', path, token),
    async user(role, name = `${role}-${Math.random().toString(36).slice(2, 8)}`) {
      const admin = await login();
      const password = passwordFor(name);
      const created = await call('POST', '/api/users', admin.accessToken, { username: name, password, role });
      if (created.status !== 201) throw new Error(`could not create ${role}: ${created.status} ${JSON.stringify(created.body)}`);
      return login(name, password);
    },
    async displayToken(name = 'Test wall') {
      const admin = await login();
      const r = await call('POST', '/api/display-tokens', admin.accessToken, { name, ttlDays: 1 });
      if (r.status !== 201) throw new Error(`could not create a display token: ${r.status}`);
      return (r.body as { token: string }).token;
    },
    async stop() {
      await gateway.stop();
      redis.disconnect();
    },
  };
}

/** Wait until the gateway has reduced everything in its streams. */
export async function settled(t: TestGateway, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const h = await t.get('/api/health');
    const feeds = Object.values(h.body.feeds ?? {}) as { lag: number | null; pending: number }[];
    if (h.status === 200 && feeds.every((f) => (f.lag ?? 0) === 0 && f.pending === 0) && t.gateway.ingest.caughtUp) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('gateway did not catch up in time');
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectClient(url: string, auth: () => Record<string, unknown>): ClientSocket {
  return connectSocket(url, {
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: (cb) => cb({ protocol: PROTOCOL_VERSION, ...auth() }),
  });
}

/**
 * Follow one view channel as a screen does: subscribe on every connect (with its position, so a
 * reconnect resumes), apply messages in order, and resume after a gap. `subscribed` counts acks.
 */
export interface Followed<M> {
  state: ChannelState<M>;
  snapshots: number;
  deltas: number;
  gaps: number;
  acks: SubscribeResult[];
  /** Every message received for the channel, applied or not. */
  messages: ChannelMessage[];
}

export function follow<M = LiveMeta>(socket: ClientSocket, channel: Channel = 'zone'): Followed<M> {
  const f: Followed<M> = { state: EMPTY_CHANNEL, snapshots: 0, deltas: 0, gaps: 0, acks: [], messages: [] };
  const subscribe = () => {
    const resume = positionOf(f.state);
    socket.emit('subscribe', { channel, ...(resume ? { resume } : {}) }, (r) => {
      if (r.ok) f.acks.push(r.data);
    });
  };
  socket.on('connect', subscribe);
  if (socket.connected) subscribe();
  socket.on('view', (m) => {
    if (m.channel !== channel) return;
    f.messages.push(m);
    const r = applyViewMessage(f.state, m as never, channel);
    if (r.kind === 'ignored') return;
    f.state = r.state as ChannelState<M>;
    if (r.kind === 'gap') {
      f.gaps++;
      return subscribe();
    }
    if (m.type === 'snapshot') f.snapshots++;
    else f.deltas++;
  });
  return f;
}

/** Subscribe to a channel on every connect (the open alerts, say), without following a view. */
export function subscribeOnConnect(socket: ClientSocket, channel: Channel): void {
  const subscribe = () => socket.emit('subscribe', { channel }, () => {});
  socket.on('connect', subscribe);
  if (socket.connected) subscribe();
}
