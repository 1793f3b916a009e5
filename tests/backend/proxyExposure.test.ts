// What the shipped reverse proxy (backend/deploy/nginx.conf, run by Debian's nginx through
// tests/helpers/proxy.ts) lets out and writes down: Prometheus /metrics is refused however it is
// spelled, even with the scrape token the gateway behind would accept; and the access log keeps no
// kiosk token — not from /wall?token=…, not from any query naming a token, not from a Referer —
// while other queries are still logged as they came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { type RunningProxy, requireNginx, startNginx } from '../helpers/proxy.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const SUITE = 'the shipped nginx.conf: /metrics and the access log';
const ready = (await requireRedis(SUITE)) && requireNginx(SUITE);
const SCRAPE = 'proxy-exposure-scrape-token-0123';

/** A raw GET through the proxy: the path is sent exactly as written (fetch would normalise it). */
function rawGet(proxyPort: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: proxyPort, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!ready)(SUITE, () => {
  const redis = connect();
  const prefix = testPrefix('proxyexp');
  let g: TestGateway;
  let proxy: RunningProxy;

  beforeAll(async () => {
    // The gateway serves /metrics on its own port behind the scrape token: the proxy must still refuse it.
    g = await startGateway(prefix, { env: { METRICS_TOKEN: SCRAPE, TRUST_PROXY: '1' } });
    const address = new URL(g.url).host;
    proxy = await startNginx({ 'gateway-1:8080': address, 'gateway-2:8080': address });
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await g?.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('refuses /metrics in every spelling, token or not; the gateway behind would have answered', async () => {
    const auth = { authorization: `Bearer ${SCRAPE}` };
    expect((await fetch(`${g.url}/metrics`, { headers: auth })).status).toBe(200);
    for (const path of ['/metrics', '/metrics?x=1', '/metrics/', '//metrics', '/%6Detrics', '/./metrics', '/api/../metrics']) {
      expect({ path, status: await rawGet(proxy.port, path, auth) }).toEqual({ path, status: 404 });
    }
    expect(await rawGet(proxy.port, '/api/health')).toBe(200);
  });

  it('logs no token: /wall without its query, a token query anywhere without its query, no Referer carrying one', async () => {
    const secret = 'eyJkisplay.TOKEN.s3cr3t-value-1234';
    const from = proxy.accessLog().length;
    await rawGet(proxy.port, `/wall?token=${secret}&lang=en`);
    await rawGet(proxy.port, `/wall/?lang=en&token=${secret}`);
    await rawGet(proxy.port, `/api/health?token=${secret}`);
    await rawGet(proxy.port, '/api/health', { referer: `http://wall.test/wall?token=${secret}` });
    await rawGet(proxy.port, '/api/health?probe=kept');
    // nginx writes a line when the request is done; give it a moment.
    for (let i = 0; i < 50 && proxy.accessLog().length - from < 5; i++) await new Promise((r) => setTimeout(r, 50));
    const lines = proxy.accessLog().slice(from);
    expect(lines.length, lines.join('\n')).toBe(5);
    expect(lines.join('\n')).not.toContain('s3cr3t');
    expect(lines.join('\n')).not.toContain('token=');
    expect(lines[0]).toMatch(/"GET \/wall HTTP\/1\.1"/);
    expect(lines[2]).toMatch(/"GET \/api\/health HTTP\/1\.1"/);
    // Other queries are still logged whole, and the gateway that answered is named.
    expect(lines[4]).toMatch(/"GET \/api\/health\?probe=kept HTTP\/1\.1" 200 /);
    expect(lines[4]).toContain(`upstream=${new URL(g.url).host}`);
  });
});
