// The outbound webhook against a real HTTP receiver on loopback: a receiver that fails first gets
// the alert on a retry; one that hangs is given up on after the timeout without holding up
// ingestion; with two gateways each alert goes out once.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { raiseBigDeclaration, writeRulesFile } from '../helpers/alerts.ts';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('webhook');
const redis = up ? connect() : null;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  // Cleanup: each step runs even when an earlier one fails (a receiver or gateway already gone).
  for (const c of cleanups.reverse()) await c().catch(() => {});
  redis?.disconnect();
});

interface Receiver { url: string; bodies: any[]; hits: number }
async function receiver(answer: (hit: number, req: IncomingMessage) => number | 'hang'): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], hits: 0 };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const code = answer(++r.hits, req);
      if (code === 'hang') return; // never answers
      if (code < 300) r.bodies.push(JSON.parse(text));
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  cleanups.push(() => new Promise((done) => { server.closeAllConnections(); server.close(done); }));
  return r;
}

async function gateway(prefix: string, url: string, extra: Record<string, string> = {}): Promise<TestGateway> {
  const g = await startGateway(prefix, { env: { ALERT_RULES_FILE: writeRulesFile(), ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_TIMEOUT_MS: '300', ALERT_WEBHOOK_RETRIES: '2', PUBLIC_URL: 'http://center.example/', ...extra } });
  cleanups.push(() => g.stop());
  return g;
}

const waitFor = async (f: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.runIf(up)('alert webhook', () => {
  it('retries after a failure and delivers once per alert, even with two gateways', async () => {
    const rx = await receiver((hit) => (hit === 1 ? 503 : 200));
    const prefix = testPrefix('webhook');
    cleanups.push(() => deletePrefix(redis!, prefix));
    await gateway(prefix, rx.url, { GATEWAY_ID: 'wh-a' });
    await gateway(prefix, rx.url, { GATEWAY_ID: 'wh-b' });
    await raiseBigDeclaration(redis!, prefix);
    await waitFor(() => rx.bodies.length >= 1);
    await new Promise((r) => setTimeout(r, 1500)); // time for a second, wrong delivery to show up
    expect(rx.hits).toBe(2);
    expect(rx.bodies).toHaveLength(1);
    expect(rx.bodies[0]).toMatchObject({ event: 'fired', alert: { rule: { id: 'big-declaration' }, status: 'firing', labels: { park: 'hubian-park' } } });
    expect(rx.bodies[0].text).toContain('单笔报关超过1000万美元');
    expect(rx.bodies[0].link).toBe(`http://center.example/alerts?id=${encodeURIComponent(rx.bodies[0].alert.id)}`);
  });

  it('gives up on a receiver that hangs, after the timeout and retries, while alerts keep flowing', async () => {
    const rx = await receiver(() => 'hang');
    const prefix = testPrefix('webhook-hang');
    cleanups.push(() => deletePrefix(redis!, prefix));
    const g = await gateway(prefix, rx.url);
    await raiseBigDeclaration(redis!, prefix);
    await raiseBigDeclaration(redis!, prefix, 'torch-park');
    const admin = (await g.login()).accessToken;
    await waitFor(() => g.gateway.alerts.webhook!.failed >= 1, 15_000);
    expect(rx.hits).toBeGreaterThanOrEqual(3); // first try and two retries
    expect((await g.get('/api/alerts', admin)).body.items).toHaveLength(2);
  });
});
