/// <reference lib="dom" />
// The production path in a real browser: Debian's nginx runs the shipped backend/deploy/nginx.conf
// (only the compose upstream names and the listen port substituted, see tests/helpers/proxy.ts) in
// front of two gateways on one Redis, and Chromium opens the wall by a host name through it, as a
// control room does with `http://<server>:8080/wall`. Checked: the wall renders the figures of
// /api/metrics, its Socket.IO connection is a WebSocket through the proxy, every request of the
// page goes to the gateway that holds the socket (ip_hash), and when that gateway stops the wall
// reconnects through the proxy to the other and is live again by itself. An official signs in at
// /alerts through the proxy, and the gateways see the client's address from the proxy, not a
// forged X-Forwarded-For. No console errors, no Content Security Policy message, nothing leaves.
import { request } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { EVENT_SCHEMA_VERSION, keyLayout, type MetricsView } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { buildFrontend, needsBuild } from '../../backend/src/launcher/index.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { byName, launch, openPage, requireBrowser } from '../helpers/browser.ts';
import { ADMIN_PASSWORD, type TestGateway, settled, startGateway } from '../helpers/gateway.ts';
import { type RunningProxy, requireNginx, startNginx } from '../helpers/proxy.ts';

const SUITE = 'the wall behind the shipped nginx.conf';
const ready = (await requireRedis(SUITE)) && requireBrowser(SUITE) && requireNginx(SUITE);
const ARTIFACTS = 'tests/artifacts';
const KPIS = ['sales', 'tax', 'exports', 'imports', 'netEstablished'] as const;
/** The compose file's gateway services, whose names the shipped nginx.conf uses as upstreams. */
const COMPOSE_GATEWAYS = Object.keys((parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, unknown> }).services)
  .filter((name) => name.startsWith('gateway-'))
  .sort();

/** What the page's Socket.IO WebSockets carried: their address and the gateway ids of their hellos. */
interface SeenSocket {
  url: string;
  hellos: string[];
  closed: boolean;
}

function watchSockets(page: Page): SeenSocket[] {
  const seen: SeenSocket[] = [];
  page.on('websocket', (ws) => {
    const s: SeenSocket = { url: ws.url(), hellos: [], closed: false };
    seen.push(s);
    ws.on('framereceived', (f) => {
      // Engine.IO message (4) carrying a Socket.IO event (2): 42["hello",{…}]
      const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8');
      if (!text.startsWith('42[')) return;
      const [name, data] = JSON.parse(text.slice(2)) as [string, { gatewayId?: string }];
      if (name === 'hello' && data.gatewayId) s.hellos.push(data.gatewayId);
    });
    ws.on('close', () => (s.closed = true));
  });
  return seen;
}

async function kpiValues(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const k of KPIS) {
    for (const period of ['today', 'mtd', 'ytd']) out[`${k}.${period}`] = Number(await page.getAttribute(`[data-testid=kpi-${k}-${period}]`, 'data-value'));
  }
  return out;
}

/** A GET through the proxy from a chosen loopback address, with extra headers. */
function getFrom(url: string, localAddress: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!ready)(SUITE, () => {
  const prefix = testPrefix('proxy');
  const redis = connect();
  const gateways: Record<string, TestGateway> = {};
  /** Each gateway's address (host:port), as nginx's access log names its upstreams. */
  const addresses: Record<string, string> = {};
  let proxy: RunningProxy;
  let browser: Browser;
  /** http://wall.test:<nginx port> */
  let center: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    expect(COMPOSE_GATEWAYS).toEqual(['gateway-1', 'gateway-2']);
    if (needsBuild()) await buildFrontend();
    const to = Date.now() - 60_000;
    await backfill({ redis, keys: keyLayout(prefix), seed: 12, from: to - 2 * 86_400_000, to });
    // As in the compose file: distinct ids, one Redis and prefix, trusting one proxy hop.
    for (const id of ['a', 'b']) {
      gateways[id] = await startGateway(prefix, { env: { GATEWAY_ID: id, SERVE_FRONTEND: 'true', DELTA_HZ: '4', TRUST_PROXY: '1' } });
      addresses[id] = new URL(gateways[id].url).host;
    }
    await Promise.all(Object.values(gateways).map((g) => settled(g)));
    proxy = await startNginx({ [`${COMPOSE_GATEWAYS[0]}:8080`]: addresses.a!, [`${COMPOSE_GATEWAYS[1]}:8080`]: addresses.b! });
    center = byName(proxy.url);
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    for (const g of Object.values(gateways)) await g.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  /** The gateway (a or b) that answered a line of the access log, by its address. */
  const upstreamOf = (line: string) => Object.entries(addresses).filter(([, address]) => line.includes(address)).map(([id]) => id);

  it('an official signs in at /alerts through the proxy; the gateways see the address the proxy saw', async () => {
    const { page, errors, foreign } = await openPage(browser, center, `${center}/alerts`, { viewport: { width: 1366, height: 1024 } });
    await page.waitForSelector('#username');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=console]');
    expect(new URL(page.url()).pathname).toBe('/alerts');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();

    // Rate limits count the client: nginx replaces X-Forwarded-For by the address it saw, and the
    // gateways (TRUST_PROXY=1) take that one, not the peer (nginx) nor a forged header.
    expect(await getFrom(`${proxy.url}/api/health`, '127.0.0.7', { 'x-forwarded-for': '203.0.113.9' })).toBe(200);
    const counted = await redis.keys(`${prefix}rl:api*`);
    expect(counted.some((k) => k.endsWith('127.0.0.7')), counted.join(', ')).toBe(true);
    expect(counted.some((k) => k.includes('203.0.113.9')), counted.join(', ')).toBe(false);
  }, 60_000);

  it('the wall through the proxy: live figures, one WebSocket, sticky; its gateway stops and it is live again on the other by itself', async () => {
    const started = Date.now();
    const token = await gateways.a!.displayToken('wall behind nginx');
    const admin = (await gateways.a!.login()).accessToken;
    const restValues = async () => {
      const view = (await (await fetch(`${proxy.url}/api/metrics`, { headers: { authorization: `Bearer ${admin}` } })).json()) as MetricsView;
      const out: Record<string, number> = {};
      for (const k of KPIS) for (const period of ['today', 'mtd', 'ytd'] as const) out[`${k}.${period}`] = view.metrics.zone[k][period];
      return out;
    };

    const logFrom = proxy.accessLog().length;
    let seen: SeenSocket[] = [];
    const polling: string[] = [];
    const { page: wall, errors, foreign } = await openPage(browser, center, `${center}/wall?token=${encodeURIComponent(token)}&lang=en`, {}, (p) => {
      seen = watchSockets(p);
      p.on('request', (r) => r.url().includes('transport=polling') && polling.push(r.url()));
    });
    await wall.waitForSelector('[data-testid=kpi-sales-mtd]', { timeout: 30_000 });
    await wall.waitForSelector('[data-testid=connection][data-status=live]', { timeout: 15_000 });
    const live = Date.now() - started;
    expect(await kpiValues(wall)).toEqual(await restValues());
    // The kiosk token has left the address bar (tests/wall/kioskLink.test.ts).
    expect(await wall.evaluate(() => location.href)).toBe(`${center}/wall?lang=en`);

    // One WebSocket, through the proxy's address, answered by one of the gateways.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toMatch(new RegExp(`^ws://wall\\.test:${proxy.port}/socket\\.io/\\?.*transport=websocket`));
    expect(polling).toEqual([]);
    const served = seen[0]!.hellos[0]!;
    const other = served === 'a' ? 'b' : 'a';
    expect(['a', 'b']).toContain(served);
    await wall.screenshot({ path: `${ARTIFACTS}/wall-behind-nginx.png` });

    // The gateway holding the socket goes away: the wall reconnects through the proxy to the
    // other one, by itself, and shows what happens next.
    const stopping = Date.now();
    await gateways[served]!.stop();
    delete gateways[served];
    await expect.poll(() => seen[0]!.closed, { timeout: 15_000 }).toBe(true);
    await expect.poll(() => seen.flatMap((s) => s.hellos).includes(other), { timeout: 30_000 }).toBe(true);
    await wall.waitForSelector('[data-testid=connection][data-status=live]', { timeout: 30_000 });
    expect(seen.every((s) => s.url.startsWith(`ws://wall.test:${proxy.port}/socket.io/`))).toBe(true);
    const failover = Date.now() - stopping;

    const before = Number(await wall.getAttribute('[data-testid=kpi-sales-mtd]', 'data-value'));
    const event = {
      id: `proxy-${Date.now()}`, ts: Date.now() - 1000, kind: 'tax.invoice', parkId: 'torch-park', uscc: '91350200MA2Y3K4P2Q',
      name: '厦门测试电子有限公司', amount: 7_654_321, chain: 'computer-comm',
    };
    await redis.xadd(keyLayout(prefix).stream.tax, '*', 'v', String(EVENT_SCHEMA_VERSION), 'e', JSON.stringify(event));
    await wall.waitForFunction(
      (b) => Number(document.querySelector('[data-testid=kpi-sales-mtd]')?.getAttribute('data-value')) === b,
      before + 7_654_321,
      { timeout: 5000 },
    );
    expect(await kpiValues(wall)).toEqual(await restValues());

    // Sticky: until the stop, every request of this page went to the gateway holding its socket
    // (the WebSocket's own line, status 101, is logged when it closes).
    const lines = proxy.accessLog().slice(logFrom);
    const firstSocket = lines.findIndex((l) => /" 101 /.test(l));
    expect(firstSocket, lines.join('\n')).toBeGreaterThanOrEqual(0);
    for (const l of lines.slice(0, firstSocket + 1)) expect(upstreamOf(l), l).toEqual([served]);
    // The page load that carried the kiosk token is logged without it; nothing else carries it.
    expect(lines.some((l) => l.includes('"GET /wall HTTP/1.1" 200 '))).toBe(true);
    expect(proxy.accessLog().join('\n')).not.toContain(token);
    expect(proxy.accessLog().join('\n')).not.toContain(encodeURIComponent(token));

    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    expect(errors.filter((e) => !/WebSocket|Failed to load resource/.test(e))).toEqual([]);
    expect(foreign).toEqual([]);
    console.log(`wall behind nginx: live on gateway ${served} ${live} ms after opening; stopped it, live on ${other} ${failover} ms later; whole test ${Date.now() - started} ms`);
    await wall.close();
  }, 90_000);

});
