// The Express pipeline: security headers, rate limit, body limit and authentication in front of
// the routers (auth, replay, alerts, metrics), Prometheus /metrics, and the built screens.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { StorageKind } from '@torch/shared';
import { createAlertRouter } from '../alerts/routes.ts';
import type { AlertService } from '../alerts/service.ts';
import { type AuthStore, type TokenService, authenticate, createAuthRouter, createLoginLimiter } from '../auth/index.ts';
import type { GatewayConfig } from '../config.ts';
import { createDispatchRouter } from '../dispatch/routes.ts';
import type { DispatchService } from '../dispatch/service.ts';
import type { LiveIngest } from '../ingest/liveSource.ts';
import type { IngestKeys } from '../ingest/keys.ts';
import type { GatewayMetrics } from '../observability.ts';
import type { BuildDeps } from '../replay/build.ts';
import type { ReplayCluster } from '../replay/cluster.ts';
import type { ReplayManager } from '../replay/manager.ts';
import { createReplayRouter } from '../replay/routes.ts';
import { createApiRouter } from './api.ts';
import { errorHandler, notFound } from './errors.ts';
import { ExportSlots } from './exportSlots.ts';
import { answerScrape, metricsPlacement } from './metricsEndpoint.ts';
import { apiRateLimit } from './rateLimit.ts';

export interface HttpAppDeps {
  config: GatewayConfig;
  /** Key prefix of this deployment (rate limits, login limiter). */
  prefix: string;
  redis: Redis;
  log: Logger;
  now: () => number;
  storage: StorageKind;
  tokens: TokenService;
  store: AuthStore;
  metrics: GatewayMetrics;
  alerts: AlertService;
  dispatch: DispatchService;
  ingest: LiveIngest;
  keys: IngestKeys;
  replays: ReplayManager;
  build: BuildDeps;
  cluster: ReplayCluster;
  /** Built screens to serve; default frontend/dist when it exists. */
  frontendDir?: string;
}

/**
 * Security headers: helmet's, with a Content-Security-Policy spelled out. The screens load only
 * their own scripts (no inline script), styles (inline styles allowed: the shell's first paint,
 * chart and map libraries), images and fonts, and talk only to their own origin (REST and the
 * Socket.IO WebSocket: CSP 'self' covers ws:/wss: to the same host and port). No other host.
 *
 * upgrade-insecure-requests and HSTS only when the deployment says it is served over https
 * (PUBLIC_URL=https://…). On plain http under a real host name (a wall at
 * http://wall-server:8080/wall) upgrade-insecure-requests makes the browser fetch every script
 * over https, which nothing serves: the page stays blank. Loopback is exempt, which hid this.
 * HSTS is ignored over http anyway, but a gateway behind a TLS proxy would pin the name to https
 * for a year on the strength of a default; it is sent only when https is declared, for this
 * name only (the center cannot speak for subdomains it does not run). Cross-Origin-Opener-Policy
 * likewise: over http the browser ignores it and says so in the console on every page load.
 */
function securityHeaders(publicUrl: string) {
  const https = publicUrl.startsWith('https://');
  return helmet({
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: https,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
}

export function createHttpApp(d: HttpAppDeps): Express {
  const { config, redis, log } = d;
  const prefix = d.prefix;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(securityHeaders(config.PUBLIC_URL));
  app.use('/api', apiRateLimit(redis, prefix, config.RATE_LIMIT_PER_MINUTE, d.storage === 'embedded'));
  app.use('/api', express.json({ limit: '16kb' }));
  app.use('/api', authenticate(d.tokens, d.store));
  app.use('/api', createAuthRouter({
    tokens: d.tokens, store: d.store, limiter: createLoginLimiter(redis, prefix, undefined, d.storage === 'embedded'), log: log.child({ part: 'auth' }),
    audit: (e) => d.alerts.store.audit({ at: d.now(), ...e }),
    extraPermissions: (role) => (role === 'operator' && config.OPERATORS_MAY_SILENCE ? ['alerts:silence'] : []),
  }));
  const exports = new ExportSlots(config.EXPORTS_MAX_CONCURRENT, config.EXPORTS_PER_USER);
  app.use('/api', createReplayRouter({
    replays: d.replays, build: d.build, cluster: () => d.cluster, exports,
    dryRun: { maxCost: config.DRY_RUN_MAX_COST, timeoutMs: config.DRY_RUN_TIMEOUT_SECONDS * 1000 },
  }));
  app.use('/api', createAlertRouter({ alerts: d.alerts, now: d.now, operatorsMaySilence: config.OPERATORS_MAY_SILENCE }));
  app.use('/api', createDispatchRouter({ dispatch: d.dispatch, alerts: d.alerts, now: d.now }));
  app.use('/api', createApiRouter({ redis, ingest: d.ingest, keys: d.keys, gatewayId: config.GATEWAY_ID, storage: d.storage, now: d.now }));
  app.use('/api', notFound);
  // Prometheus here only behind a scrape token; on its own port (app.ts) or off otherwise (404).
  if (metricsPlacement({ token: config.METRICS_TOKEN, port: config.METRICS_PORT, host: config.METRICS_HOST }) === 'gateway-port') {
    app.get('/metrics', async (req, res) => {
      const a = await answerScrape(d.metrics.registry, config.METRICS_TOKEN, req.headers.authorization);
      res.status(a.status).set({ 'Content-Type': a.type, ...a.headers }).send(a.body);
    });
  }
  const frontendDir = d.frontendDir ?? resolve(import.meta.dirname, '../../../frontend/dist');
  if (config.SERVE_FRONTEND && existsSync(frontendDir)) {
    app.use(express.static(frontendDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/wall, /login, /alerts, /replay) all load the app shell.
    app.get(/^\/(?!api\/|socket\.io\/|metrics$).*/, (_req, res) => res.sendFile(resolve(frontendDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => res.type('text/plain; charset=utf-8').send('Torch command center gateway. The wall is not built yet; see /api/health.\n'));
  }
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
