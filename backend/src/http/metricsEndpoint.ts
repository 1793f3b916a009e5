// Prometheus /metrics, kept from the public: it names the Node version and counts sockets, which is
// nobody's business on the control room's network. Served on its own listener (METRICS_PORT, bound
// to METRICS_HOST, loopback by default), or on the gateway's port behind a scrape token
// (METRICS_TOKEN, sent as a Bearer token); with neither, not at all (404). The token, when set, is
// asked for on the separate listener too.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsExposure {
  /** Scrape token (Bearer); empty: none asked. */
  token: string;
  /** Own listener; undefined: the gateway's port, and only with a token. */
  port: number | undefined;
  host: string;
}

/** Where /metrics is served: on the gateway's port (needs a token), on its own listener, or nowhere. */
export function metricsPlacement(e: MetricsExposure): 'gateway-port' | 'own-port' | 'off' {
  if (e.port !== undefined) return 'own-port';
  return e.token ? 'gateway-port' : 'off';
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether an Authorization header carries the scrape token; compared in constant time. */
export function scrapeAllowed(token: string, authorization: string | undefined): boolean {
  if (!token) return true;
  const m = /^Bearer (.+)$/.exec(authorization ?? '');
  return !!m && timingSafeEqual(digest(m[1]!), digest(token));
}

/** Answer a scrape: 401 without the token, else the registry's text. */
export async function answerScrape(registry: Registry, token: string, authorization: string | undefined): Promise<{ status: number; type: string; body: string; headers?: Record<string, string> }> {
  if (!scrapeAllowed(token, authorization)) {
    return { status: 401, type: 'text/plain; charset=utf-8', body: 'scrape token required\n', headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' } };
  }
  return { status: 200, type: registry.contentType, body: await registry.metrics() };
}

/** The separate listener: GET /metrics and nothing else. Resolves once listening. */
export async function startMetricsServer(registry: Registry, e: MetricsExposure & { port: number }): Promise<{ server: Server; url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    answerScrape(registry, e.token, req.headers.authorization).then(
      (a) => res.writeHead(a.status, { 'content-type': a.type, ...a.headers }).end(a.body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${(err as Error).message}\n`),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(e.port, e.host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const host = e.host === '0.0.0.0' || e.host === '::' ? '127.0.0.1' : e.host;
  return {
    server,
    url: `http://${host}:${port}/metrics`,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}
