// The Socket.IO side of the gateway: handshake authentication (token, protocol version, Origin),
// rooms, resume, and dropping sockets whose token expires or is revoked. Every inbound payload is
// parsed with the shared schemas; a bad one gets a failed ack, never a dropped server.
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import {
  type ClientToServerEvents, HandshakeAuthSchema, ReplayJoinSchema, type InterServerEvents, PROTOCOL_VERSION, type Room, ResumeSchema,
  type ServerToClientEvents, type SocketData, type StorageKind, SubscribeSchema, can, failure,
} from '@torch/shared';
import { AuthError, type AuthStore, type TokenService, authenticateToken } from '../auth/index.ts';
import type { GatewayMetrics } from '../observability.ts';
import type { AlertService } from '../alerts/service.ts';
import type { ReplayCluster } from '../replay/cluster.ts';
import { replayRoom } from '../replay/manager.ts';
import type { Publisher } from './publisher.ts';

type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketDeps {
  http: HttpServer;
  tokens: TokenService;
  store: AuthStore;
  log: Logger;
  metrics: GatewayMetrics;
  gatewayId: string;
  storage: StorageKind;
  allowedOrigins: string[];
  now: () => number;
  alerts?: AlertService;
  replayCluster?: () => ReplayCluster;
}

/** Same-origin unless listed: a browser's Origin must match the Host it talks to. Non-browser clients send none. */
export function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function createSocketServer(d: SocketDeps): IO {
  return new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(d.http, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    allowRequest: (req, cb) => cb(originAllowed(req, d.allowedOrigins) ? null : 'origin not allowed', originAllowed(req, d.allowedOrigins)),
  });
}

export function wireSockets(io: IO, d: SocketDeps, publisher: Publisher, revocations: Redis): () => Promise<void> {
  const timers = new Map<string, NodeJS.Timeout>();

  io.use(async (socket, next) => {
    const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    const refuse = (code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'FORBIDDEN' | 'PROTOCOL_MISMATCH' | 'BAD_REQUEST') => {
      const err = new Error(code) as Error & { data: unknown };
      err.data = failure(code);
      next(err);
    };
    if (!parsed.success) return refuse(typeof socket.handshake.auth?.token === 'string' ? 'BAD_REQUEST' : 'UNAUTHENTICATED');
    if (parsed.data.protocol !== PROTOCOL_VERSION) return refuse('PROTOCOL_MISMATCH');
    try {
      const claims = await authenticateToken(parsed.data.token, d.tokens, d.store);
      if (!can(claims.role, 'metrics:read')) return refuse('FORBIDDEN');
      socket.data.user = { name: claims.sub, role: claims.role, kind: claims.kind, jti: claims.jti, exp: claims.exp };
      socket.data.rooms = new Set();
      next();
    } catch (e) {
      if (e instanceof AuthError) return refuse(e.code);
      d.log.error({ err: (e as Error).message }, 'socket authentication failed');
      const err = new Error('UNAVAILABLE') as Error & { data: unknown };
      err.data = failure('UNAVAILABLE');
      next(err);
    }
  });

  const join = (socket: S, room: Room) => {
    for (const r of socket.data.rooms) if (r !== room) void socket.leave(r);
    socket.data.rooms = new Set([room]);
    void socket.join(room);
  };

  io.on('connection', (socket) => {
    d.metrics.sockets.inc();
    const user = socket.data.user;
    socket.emit('hello', { protocol: PROTOCOL_VERSION, gatewayId: d.gatewayId, serverTime: d.now(), storage: d.storage, user: { name: user.name, role: user.role }, deltaIntervalMs: publisher.intervalMs });

    // End the session when the token does. A timer holds at most ~24.8 days, so a display token
    // valid for a year re-arms in steps until its expiry.
    const arm = () => {
      const ms = user.exp * 1000 - d.now();
      if (ms <= 0) {
        socket.emit('session_ended', { reason: 'expired' });
        socket.disconnect(true);
        return;
      }
      timers.set(socket.id, setTimeout(arm, Math.min(ms, 2 ** 31 - 1)));
    };
    arm();

    const resume = (HandshakeAuthSchema.safeParse(socket.handshake.auth).data?.resume) ?? null;
    const room: Room = resume?.room ?? 'zone';
    join(socket, room);
    const missed = resume ? publisher.missed(room, resume.epoch, resume.lastSeq) : null;
    if (missed) for (const m of missed) socket.emit('delta', m);
    else publisher.sendSnapshot(socket, room);
    if (d.alerts && can(user.role, 'alerts:read')) d.alerts.message([]).then((m) => socket.emit('alerts', m)).catch(() => {});

    socket.on('subscribe', (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const p = SubscribeSchema.safeParse(payload);
      if (!p.success) return reply(failure('BAD_REQUEST', p.error.issues[0]?.message ?? 'invalid payload'));
      join(socket, p.data.room);
      const seq = publisher.sendSnapshot(socket, p.data.room);
      reply({ ok: true, data: { room: p.data.room, seq } });
    });

    socket.on('resume', (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const p = ResumeSchema.safeParse(payload);
      if (!p.success) return reply(failure('BAD_REQUEST', p.error.issues[0]?.message ?? 'invalid payload'));
      join(socket, p.data.room);
      const deltas = publisher.missed(p.data.room, p.data.epoch, p.data.lastSeq);
      if (deltas) {
        for (const m of deltas) socket.emit('delta', m);
        return reply({ ok: true, data: { mode: 'delta', seq: deltas.at(-1)?.seq ?? p.data.lastSeq } });
      }
      reply({ ok: true, data: { mode: 'snapshot', seq: publisher.sendSnapshot(socket, p.data.room) } });
    });

    // Replay sessions may live on another gateway: the cluster reaches the owner, which counts
    // the watcher and sends this socket a snapshot; the owner's deltas reach the room through the
    // adapter.
    socket.on('replay_join', async (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      if (!can(user.role, 'replay:use')) return reply(failure('FORBIDDEN'));
      const p = ReplayJoinSchema.safeParse(payload);
      if (!p.success) return reply(failure('BAD_REQUEST', p.error.issues[0]?.message ?? 'invalid payload'));
      if (!d.replayCluster) return reply(failure('NOT_FOUND'));
      socket.data.replays ??= new Set();
      const joined = socket.data.replays.has(p.data.id);
      if (!joined) await socket.join(replayRoom(p.data.id));
      const r = await d.replayCluster().request({ id: p.data.id, op: joined ? 'get' : 'watch', socketId: socket.id });
      if (!('info' in r)) {
        if (!joined) await socket.leave(replayRoom(p.data.id));
        return reply(failure('NOT_FOUND'));
      }
      socket.data.replays.add(p.data.id);
      reply({ ok: true, data: r.info });
    });

    const leaveReplay = (id: string) => {
      if (!socket.data.replays?.delete(id)) return;
      void socket.leave(replayRoom(id));
      void d.replayCluster?.().request({ id, op: 'unwatch' }).catch(() => {});
    };
    socket.on('replay_leave', (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const p = ReplayJoinSchema.safeParse(payload);
      if (!p.success) return reply(failure('BAD_REQUEST', p.error.issues[0]?.message ?? 'invalid payload'));
      leaveReplay(p.data.id);
      reply({ ok: true, data: null });
    });

    socket.on('disconnect', () => {
      for (const id of [...(socket.data.replays ?? [])]) leaveReplay(id);
      d.metrics.sockets.dec();
      clearTimeout(timers.get(socket.id));
      timers.delete(socket.id);
    });
  });

  // A revoked display token closes its walls at once, on every gateway (pub/sub).
  const channel = d.store.keys.revoked;
  const onMessage = (ch: string, jti: string) => {
    if (ch !== channel) return;
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.user?.jti === jti) {
        socket.emit('session_ended', { reason: 'revoked' });
        socket.disconnect(true);
      }
    }
  };
  revocations.on('message', onMessage);
  revocations.subscribe(channel).catch((e: Error) => d.log.warn({ err: e.message }, 'could not subscribe to revocations'));

  // Alerts changed somewhere (any gateway, or an official's ack): push the open list to everyone
  // who may read alerts. Bursts are coalesced into one message.
  const alertChannel = d.alerts?.store.keys.channel;
  let pendingIds: string[] = [];
  let alertTimer: NodeJS.Timeout | null = null;
  const pushAlerts = async () => {
    alertTimer = null;
    const ids = pendingIds;
    pendingIds = [];
    await d.alerts!.refreshSilences();
    const m = await d.alerts!.message(ids);
    for (const socket of io.of('/').sockets.values()) if (socket.data.user && can(socket.data.user.role, 'alerts:read')) socket.emit('alerts', m);
  };
  const onAlerts = (ch: string, payload: string) => {
    if (ch !== alertChannel) return;
    try {
      pendingIds.push(...(JSON.parse(payload) as string[]).slice(0, 1000));
    } catch {
      return;
    }
    alertTimer ??= setTimeout(() => void pushAlerts().catch((e: Error) => d.log.warn({ err: e.message }, 'could not push alerts')), 100);
  };
  if (alertChannel) {
    revocations.on('message', onAlerts);
    revocations.subscribe(alertChannel).catch((e: Error) => d.log.warn({ err: e.message }, 'could not subscribe to alert changes'));
  }
  // Revocations published while this connection was down were missed: check every display socket
  // again whenever it comes back.
  const onReady = async () => {
    for (const socket of io.of('/').sockets.values()) {
      const u = socket.data.user;
      if (u?.kind !== 'display') continue;
      if (!(await d.store.isDisplayTokenActive(u.jti).catch(() => true))) {
        socket.emit('session_ended', { reason: 'revoked' });
        socket.disconnect(true);
      }
    }
  };
  let firstReady = true;
  const onReadyEvent = () => {
    if (firstReady) firstReady = false;
    else void onReady();
  };
  revocations.on('ready', onReadyEvent);

  return async () => {
    revocations.off('message', onMessage);
    revocations.off('message', onAlerts);
    if (alertTimer) clearTimeout(alertTimer);
    revocations.off('ready', onReadyEvent);
    for (const t of timers.values()) clearTimeout(t);
    await new Promise<void>((resolve) => io.close(() => resolve()));
  };
}
