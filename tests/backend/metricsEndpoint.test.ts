// Prometheus /metrics is not for the public: off by default, behind a scrape token on the gateway's
// port (METRICS_TOKEN), or on a listener of its own (METRICS_PORT / METRICS_HOST). Real gateways
// on the shared Redis, real HTTP.
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayConfigSchema } from '@torch/backend';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('metrics endpoint');
const TOKEN = 'scrape-token-for-the-metrics-test';

describe.runIf(up)('Prometheus /metrics exposure', () => {
  const redis = connect();
  const prefix = testPrefix('metricsep');
  const started: TestGateway[] = [];
  const gateway = async (env: Record<string, string>) => {
    const g = await startGateway(prefix, { env: { GATEWAY_ID: `m${started.length}`, ...env } });
    started.push(g);
    return g;
  };
  afterAll(async () => {
    for (const g of started) await g.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('is off by default: 404 on the gateway port, the Node version nowhere', async () => {
    const g = await gateway({});
    const res = await fetch(`${g.url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/nodejs_version|torch_sockets/);
    expect(g.gateway.metricsUrl).toBeNull();
  });

  it('with METRICS_TOKEN: 401 without it or with another, 200 with it as a Bearer token', async () => {
    const g = await gateway({ METRICS_TOKEN: TOKEN });
    expect(g.gateway.metricsUrl).toBe(`${g.url}/metrics`);
    const none = await fetch(`${g.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await none.text()).not.toMatch(/nodejs_version/);
    expect((await fetch(`${g.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${g.url}/metrics`, { headers: { authorization: TOKEN } })).status).toBe(401);
    // A person's access token is not a scrape token either.
    const admin = (await g.login()).accessToken;
    expect((await fetch(`${g.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(401);
    const ok = await fetch(`${g.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/torch_events_in_total|torch_consumer_lag/);
  });

  it('with METRICS_PORT: served on its own listener (token asked there too), 404 on the gateway port', async () => {
    const g = await gateway({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', METRICS_TOKEN: TOKEN });
    const own = g.gateway.metricsUrl!;
    expect(own).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(own).port).not.toBe(new URL(g.url).port);
    expect((await fetch(`${g.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await fetch(own)).status).toBe(401);
    const ok = await fetch(own, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toMatch(/torch_sockets/);
    // Nothing else lives there.
    expect((await fetch(own.replace('/metrics', '/api/health'))).status).toBe(404);
    // Without a token the own listener answers any scraper that can reach it (loopback by default).
    const open = await gateway({ METRICS_PORT: '0' });
    expect((await fetch(open.gateway.metricsUrl!)).status).toBe(200);
    expect((await fetch(`${open.url}/metrics`)).status).toBe(404);
  });

  it('refuses a short scrape token at start-up', () => {
    expect(GatewayConfigSchema.safeParse({ METRICS_TOKEN: 'short' }).success).toBe(false);
    expect(GatewayConfigSchema.parse({ METRICS_TOKEN: '', METRICS_PORT: '' })).toMatchObject({ METRICS_TOKEN: '', METRICS_PORT: undefined });
  });
});
