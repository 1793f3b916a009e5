// The security headers the screens are served with. A wall opens the center by a host name over
// plain http on the LAN: the Content-Security-Policy must not tell the browser to upgrade its
// requests to https (the page would stay blank), and HSTS and Cross-Origin-Opener-Policy (both
// ignored over http, the latter with a console error) must not be sent. They come back when
// the deployment declares https (PUBLIC_URL=https://…). The rest of the policy stays strict.
import { afterAll, describe, expect, it } from 'vitest';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';

const ready = await requireRedis('security headers');

/** The policy as a map of directive → sources. */
function directives(csp: string | null): Map<string, string[]> {
  expect(csp, 'a Content-Security-Policy header').toBeTruthy();
  return new Map(csp!.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name!, sources];
  }));
}

describe.skipIf(!ready)('security headers', () => {
  const prefix = testPrefix('headers');
  const redis = connect();
  const gateways: TestGateway[] = [];

  afterAll(async () => {
    for (const g of gateways) await g.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  async function headersWith(publicUrl: string | undefined): Promise<Headers> {
    const t = await startGateway(prefix, { env: { GATEWAY_ID: `h${gateways.length}`, ...(publicUrl !== undefined ? { PUBLIC_URL: publicUrl } : {}) } });
    gateways.push(t);
    return (await fetch(`${t.url}/`)).headers;
  }

  for (const publicUrl of [undefined, 'http://wall-server.zone.lan:8080']) {
    it(`PUBLIC_URL ${publicUrl ?? 'unset'}: no upgrade-insecure-requests, no HSTS, the rest strict`, async () => {
      const h = await headersWith(publicUrl);
      const csp = directives(h.get('content-security-policy'));
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
      expect(csp.has('block-all-mixed-content')).toBe(false);
      expect(h.get('strict-transport-security')).toBeNull();
      // Ignored on an http origin, with a console error on every page load.
      expect(h.get('cross-origin-opener-policy')).toBeNull();
      // Strict: own origin only (no https: wildcard, no other host), no inline script, no plugins.
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      for (const [name, sources] of csp) {
        for (const s of sources) expect(s, `${name} ${s}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:)$/);
        if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
      }
    });
  }

  it('PUBLIC_URL https://…: upgrade-insecure-requests and HSTS (this name only)', async () => {
    const h = await headersWith('https://center.example');
    const csp = directives(h.get('content-security-policy'));
    expect(csp.get('upgrade-insecure-requests')).toEqual([]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(h.get('strict-transport-security')).toBe('max-age=31536000');
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});
