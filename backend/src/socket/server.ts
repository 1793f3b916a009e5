// The Socket.IO side of the gateway, put together from one registration per domain: sessions
// (handshake, expiry, renewal, revocation), channels (live rooms, replay sessions, open alerts) and
// the alert fan-out. Every inbound payload is parsed with the shared schemas; a bad one gets a
// failed ack, never a dropped server.
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { type ClientToServerEvents, type InterServerEvents, PROTOCOL_VERSION, type ServerToClientEvents, type SocketData, type StorageKind } from '@torch/shared';
import type { AuthStore, TokenService } from '../auth/index.ts';
import type { AlertService } from '../alerts/service.ts';
import type { GatewayMetrics } from '../observability.ts';
import type { ReplayCluster } from '../replay/cluster.ts';
import { alertChannels, pushAlertChanges } from './alertsChannel.ts';
import { serveChannels } from './channels.ts';
import { type SocketLimits, limitSockets } from './limits.ts';
import { liveChannels } from './liveChannel.ts';
import type { Publisher } from './publisher.ts';
import { replayChannels } from './replayChannel.ts';
import { authenticateSockets, endSessions, expireSessions, revokeSessions } from './sessions.ts';
import type { IO } from './types.ts';

export interface SocketDeps {
  tokens: TokenService;
  store: AuthStore;
  log: Logger;
  metrics: GatewayMetrics;
  gatewayId: string;
  storage: StorageKind;
  now: () => number;
  alerts?: AlertService;
  replayCluster?: ReplayCluster;
  /** Sockets per token and address, messages per socket (limits.ts); none when absent. */
  limits?: SocketLimits;
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

export function createSocketServer(http: HttpServer, allowedOrigins: string[]): IO {
  return new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(http, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    allowRequest: (req, cb) => cb(originAllowed(req, allowedOrigins) ? null : 'origin not allowed', originAllowed(req, allowedOrigins)),
  });
}

/** Register every handler; `subscriber` is a pub/sub connection of its own. Returns stop. */
export function wireSockets(io: IO, d: SocketDeps, publisher: Publisher, subscriber: Redis): () => Promise<void> {
  const sessions = { tokens: d.tokens, store: d.store, log: d.log, now: d.now };
  authenticateSockets(io, sessions);
  if (d.limits) limitSockets(io, d.limits, d.log);
  io.on('connection', (socket) => {
    d.metrics.sockets.inc();
    const user = socket.data.user;
    socket.emit('hello', { protocol: PROTOCOL_VERSION, gatewayId: d.gatewayId, serverTime: d.now(), storage: d.storage, user: { name: user.name, role: user.role }, deltaIntervalMs: publisher.intervalMs });
    socket.on('disconnect', () => d.metrics.sockets.dec());
  });
  const stopExpiry = expireSessions(io, sessions);
  const stopRevocations = revokeSessions(io, sessions, subscriber);
  const stopSessionEnds = endSessions(io, sessions, subscriber);
  serveChannels(io, {
    live: liveChannels(publisher),
    replay: replayChannels(() => d.replayCluster ?? null, d.log),
    alerts: alertChannels(d.alerts, d.log),
  }, d.log);
  const stopAlerts = d.alerts ? pushAlertChanges(io, d.alerts, subscriber, d.log) : () => {};

  return async () => {
    stopAlerts();
    stopRevocations();
    stopSessionEnds();
    stopExpiry();
    await new Promise<void>((resolve) => io.close(() => resolve()));
  };
}
