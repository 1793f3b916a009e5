// The composition root: createGateway wires the parts; main.ts and start.ts plug in the real ones,
// tests build the same gateway on a random port against their own key prefix.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SOURCES, type StorageKind, keyLayout } from '@torch/shared';
import { AlertService } from './alerts/service.ts';
import { AuthStore, TokenService, loadSigningSecret } from './auth/index.ts';
import type { GatewayConfig } from './config.ts';
import { DispatchService } from './dispatch/service.ts';
import { createHttpApp } from './http/app.ts';
import { metricsPlacement, startMetricsServer } from './http/metricsEndpoint.ts';
import { Ingest } from './ingest/consumer.ts';
import { ingestKeys } from './ingest/keys.ts';
import { createMetrics } from './observability.ts';
import { ReplayCluster } from './replay/cluster.ts';
import { ReplayManager } from './replay/manager.ts';
import { installRedisAdapter } from './socket/adapter.ts';
import { Publisher } from './socket/publisher.ts';
import { createSocketServer, wireSockets } from './socket/server.ts';

export interface GatewayParts {
  config: GatewayConfig;
  /** Command connection; the gateway duplicates it for blocking reads and pub/sub. */
  redis: Redis;
  log: Logger;
  now?: () => number;
  storage?: StorageKind;
  /** Built wall to serve; default frontend/dist when it exists. */
  frontendDir?: string;
}

export interface Gateway {
  url: string;
  port: number;
  http: HttpServer;
  /** The Express app (tests enumerate the routes it serves). */
  app: Express;
  ingest: Ingest;
  publisher: Publisher;
  alerts: AlertService;
  dispatch: DispatchService;
  replays: ReplayManager;
  /** Where Prometheus scrapes this gateway: its own listener, the gateway's port (with a token), or null (off). */
  metricsUrl: string | null;
  /** Set on the very first start: the generated admin password, to print once. */
  initialAdmin: { username: string; password: string } | null;
  stop(): Promise<void>;
}

export async function createGateway(parts: GatewayParts): Promise<Gateway> {
  const { config, redis, log } = parts;
  const now = parts.now ?? Date.now;
  const storage = parts.storage ?? 'redis';
  const layout = keyLayout(config.TORCH_KEY_PREFIX);
  const keys = ingestKeys(layout, config.GATEWAY_ID);
  const metrics = createMetrics();

  const tokens = new TokenService(await loadSigningSecret(redis, layout.prefix, config.TORCH_JWT_SECRET), { accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  const store = new AuthStore(redis, layout.prefix);
  const initialAdmin = await store.ensureInitialAdmin(config.TORCH_ADMIN_PASSWORD);

  const alerts = new AlertService({
    redis, prefix: layout.prefix, gatewayId: config.GATEWAY_ID, rulesFile: config.ALERT_RULES_FILE, log: log.child({ part: 'alerts' }), now, metrics,
    ...(config.ALERT_WEBHOOK_URL ? { webhook: { url: config.ALERT_WEBHOOK_URL, timeoutMs: config.ALERT_WEBHOOK_TIMEOUT_MS, retries: config.ALERT_WEBHOOK_RETRIES, ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}) } } : {}),
  });
  await alerts.start();

  const dispatch = new DispatchService({
    redis, prefix: layout.prefix, gatewayId: config.GATEWAY_ID, policyFile: config.DISPATCH_POLICY_FILE, log: log.child({ part: 'dispatch' }), now,
    audit: alerts.store, onAuditFailure: (entry) => metrics.auditWriteFailures.inc({ action: entry.action }),
  });
  await dispatch.start();

  const ingest = new Ingest({
    redis, keys, log: log.child({ part: 'ingest' }), consumer: `${config.GATEWAY_ID}-1`,
    batchSize: config.READ_BATCH, blockMs: config.READ_BLOCK_MS, deadLetterMaxLen: config.DEAD_LETTER_MAXLEN,
    hooks: {
      applied: (source, outcome) => metrics.eventsIn.inc({ source, outcome }),
      rejected: (source) => metrics.rejected.inc({ source }),
      batch: (_n, seconds) => metrics.reduceSeconds.observe(seconds),
      // The same figures as health and /api/metrics, set as they are refreshed.
      lag: (lag) => SOURCES.forEach((s) => (lag[s] == null ? metrics.lag.remove({ source: s }) : metrics.lag.set({ source: s }, lag[s]!))),
    },
    alerts: alerts.forIngest(),
  });
  await ingest.start();

  // The HTTP server and Socket.IO come first: replay sessions emit into rooms, and the REST
  // routes reach sessions on other gateways through the socket cluster.
  const http = createServer();
  const io = createSocketServer(http, config.ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean));
  const adapterClients = storage === 'redis' ? installRedisAdapter(io, redis, layout.prefix, log) : [];

  const build = {
    redis, streams: layout.stream, live: () => ingest.state, alertEpoch: alerts.epoch,
    // Open at `at`: still open now (the open set, however old), or fired before and resolved since.
    alertsAround: async (at: number) => {
      const byId = new Map((await alerts.store.open()).map((a) => [a.id, a]));
      for (const a of await alerts.store.list({ to: at, limit: 2000, format: 'json' })) byId.set(a.id, a);
      return [...byId.values()].filter((a) => a.firedAt < at && (a.resolvedAt === null || a.resolvedAt >= at));
    },
  };
  const replays = new ReplayManager({
    build, rules: () => alerts.rules.current, log: log.child({ part: 'replay' }), now,
    maxSessions: config.REPLAY_MAX_SESSIONS, idleMs: config.REPLAY_IDLE_MINUTES * 60_000,
    emit: (room, m) => io.to(room).emit('view', m),
    roomSize: async (room) => (await io.in(room).fetchSockets()).length,
  });
  const cluster = new ReplayCluster(io, replays, storage === 'redis');

  const app = createHttpApp({
    config, prefix: layout.prefix, redis, log, now, storage, tokens, store, metrics, alerts, dispatch, ingest, keys, replays, build, cluster,
    ...(parts.frontendDir ? { frontendDir: parts.frontendDir } : {}),
  });
  http.on('request', app);

  const publisher = new Publisher(io, ingest, now, Math.round(1000 / config.DELTA_HZ), metrics);
  const subscriber = redis.duplicate();
  subscriber.on('error', (e: Error) => log.debug({ err: e.message }, 'pub/sub connection error'));
  const stopSockets = wireSockets(io, {
    tokens, store, log: log.child({ part: 'socket' }), metrics, gatewayId: config.GATEWAY_ID, storage, now, alerts, replayCluster: cluster,
    limits: { perToken: config.SOCKETS_PER_TOKEN, perIp: config.SOCKETS_PER_IP, eventsPer10s: config.SOCKET_EVENTS_PER_10S, trustProxy: config.TRUST_PROXY },
  }, publisher, subscriber);
  publisher.start();

  await new Promise<void>((done) => http.listen(config.PORT, config.HOST, done));
  const port = (http.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  log.info({ port, gatewayId: config.GATEWAY_ID, storage }, 'gateway listening');
  const exposure = { token: config.METRICS_TOKEN, port: config.METRICS_PORT, host: config.METRICS_HOST };
  const metricsServer = exposure.port !== undefined ? await startMetricsServer(metrics.registry, { ...exposure, port: exposure.port }) : null;
  const placement = metricsPlacement(exposure);
  const metricsUrl = metricsServer?.url ?? (placement === 'gateway-port' ? `http://${host}:${port}/metrics` : null);
  if (metricsUrl) log.info({ metrics: metricsUrl, token: exposure.token !== '' }, 'Prometheus metrics served');
  else log.info('Prometheus metrics off: set METRICS_PORT (own listener) or METRICS_TOKEN (scrape token) to serve /metrics');

  return {
    url: `http://${host}:${port}`,
    port,
    http,
    app,
    ingest,
    publisher,
    alerts,
    dispatch,
    replays,
    metricsUrl,
    initialAdmin,
    async stop() {
      await metricsServer?.stop();
      alerts.stop();
      dispatch.stop();
      replays.stop();
      publisher.stop();
      await stopSockets();
      await ingest.stop();
      subscriber.disconnect();
      // Let the adapter's last commands finish (their rejections would go unhandled), briefly.
      await Promise.race([Promise.allSettled(adapterClients.map((c) => c.quit())), new Promise((r) => setTimeout(r, 1000))]);
      for (const c of adapterClients) c.disconnect();
      http.closeAllConnections();
      await new Promise<void>((done) => (http.listening ? http.close(() => done()) : done()));
    },
  };
}
