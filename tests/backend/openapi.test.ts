// GET /api/openapi.json against the routes the gateway really serves: every route registered in
// its Express routers (auth, alerts, replay, the read API) is in the document and every operation
// of the document is a registered route; and the access each operation states is what the gateway
// enforces, checked with no token and with a wall's display token (the whole role matrix is in
// security.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, PERMISSIONS, openApiDocument, openApiPath } from '@torch/shared';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('openapi');
const redis = up ? connect() : null;

/** The shape of Express 5's router stack (router 2.x), as far as this test reads it. */
interface Layer {
  rawPath?: string | RegExp;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** "METHOD /path" of every route registered under `prefix`, descending into mounted routers. */
function registeredRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path}`);
    if (layer.handle.stack) return registeredRoutes(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''));
    return [];
  });
}

type Operation = { operationId: string; parameters?: { name: string; in: string }[]; responses: Record<string, unknown>; 'x-access': string };
type Doc = { openapi: string; info: { version: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

describe.runIf(up)('the OpenAPI document', () => {
  const prefix = testPrefix('openapi');
  let a: TestGateway;
  let doc: Doc;

  beforeAll(async () => {
    a = await startGateway(prefix);
    const r = await a.get('/api/openapi.json');
    expect(r.status).toBe(200);
    doc = r.body as Doc;
  });

  afterAll(async () => {
    await a?.stop();
    await deletePrefix(redis!, prefix);
    redis!.disconnect();
  });

  it('is served without a token as OpenAPI 3.1, generated from the shared route table', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument(doc.info.version))));
  });

  it('lists exactly the routes Express serves under /api', () => {
    const app = a.gateway.app as unknown as { router: { stack: Layer[] } };
    const served = registeredRoutes(app.router.stack)
      .filter((r) => r.split(' ')[1]!.startsWith('/api/'))
      .map((r) => { const [m, p] = r.split(' '); return `${m} ${p!.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`; })
      .sort();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(served.length).toBeGreaterThan(30);
    expect(documented).toEqual(served);
  });

  it('declares every path parameter, names every operation once, and resolves its references', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(ops)) {
        expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort(), `${path}`).toEqual(inPath);
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
      }
    }
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) expect(doc.components.schemas).toHaveProperty(ref[1]!);
  });

  describe('states the access the gateway enforces', () => {
    let display = '';
    beforeAll(async () => {
      display = await a.displayToken();
    });

    const call = (method: string, path: string, token?: string) => {
      const url = openApiPath(path).replace(/\{\w+\}/g, 'none');
      return method === 'get' ? a.get(url, token) : method === 'post' ? a.post(url, {}, token) : method === 'put' ? a.put(url, {}, token) : a.del(url, token);
    };

    it.each(API_ROUTES.map((r) => [r.method.toUpperCase(), r.path, r] as const))('%s %s', async (_m, _p, route) => {
      const anonymous = await call(route.method, route.path);
      const asWall = await call(route.method, route.path, display);
      if (route.access === 'public') {
        expect(anonymous.status).not.toBe(401);
        expect(anonymous.status).not.toBe(403);
        return;
      }
      expect(anonymous.status).toBe(401);
      const wallMay = route.access === 'signed-in' || (PERMISSIONS[route.access] as readonly string[]).includes('display');
      if (wallMay) expect([401, 403]).not.toContain(asWall.status);
      else expect(asWall.status).toBe(403);
    });
  });
});
