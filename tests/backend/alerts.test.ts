// Alerts through the real gateway on the real store: an alert raised by entries written into the
// streams, listed, acknowledged (once, under a race of 50), refused to walls and audited, silenced,
// exported, pushed to sockets; rules refused with the rule and the field named; a restart halfway
// through a for-duration; two gateways on the same streams.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsMessage, WallAlertsMessage } from '@torch/shared';
import { TEST_RULES, crossMinute, raiseBigDeclaration, writeRulesFile } from '../helpers/alerts.ts';
import { type TestGateway, connectClient, startGateway, subscribeOnConnect } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('alerts');
const redis = up ? connect() : null;
const prefixes: string[] = [];
const gateways: TestGateway[] = [];

afterAll(async () => {
  // Cleanup: a gateway a test already stopped (or that failed to stop) must not keep the others running.
  await Promise.all(gateways.map((g) => g.stop().catch(() => {})));
  for (const p of prefixes) await deletePrefix(redis!, p);
  redis?.disconnect();
});

async function gatewayFor(name: string, env: Record<string, string> = {}, prefix = testPrefix(name)): Promise<TestGateway> {
  if (!prefixes.includes(prefix)) prefixes.push(prefix);
  const g = await startGateway(prefix, { env: { ALERT_RULES_FILE: writeRulesFile(), ...env } });
  gateways.push(g);
  return g;
}

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const prefixOf = (g: TestGateway) => g.gateway.alerts.store.keys.records.replace(/alerts:records$/, '');

describe.runIf(up)('alerts in the gateway', () => {
  let g: TestGateway;
  let official: string;
  let alertId: string;

  beforeAll(async () => {
    g = await gatewayFor('alerts');
    official = (await g.user('official')).accessToken;
  });

  it('an alert raised by the streams is listed, with its audit entry', async () => {
    const { eventId, boundary } = await raiseBigDeclaration(redis!, prefixOf(g));
    const list = await until('the alert', async () => {
      const r = await g.get('/api/alerts?status=open', official);
      return r.body.items?.length ? r.body.items : null;
    });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'firing', silenced: false, firedAt: boundary, value: 25_000_000, labels: { park: 'hubian-park', source: 'customs' }, rule: { id: 'big-declaration', severity: 'critical' }, detail: { eventId }, version: 1 });
    alertId = list[0].id;
    const detail = await g.get(`/api/alerts/${encodeURIComponent(alertId)}`, official);
    expect(detail.status).toBe(200);
    expect(detail.body.audit).toEqual([expect.objectContaining({ action: 'fire', target: alertId })]);
  });

  it('a wall cannot acknowledge: 403, and the attempt is audited', async () => {
    const display = await g.displayToken('Lobby');
    const r = await g.post(`/api/alerts/${encodeURIComponent(alertId)}/ack`, { version: 1, comment: 'from the wall' }, display);
    expect(r.status).toBe(403);
    const audit = await g.get('/api/alerts/audit?limit=10', official);
    expect(audit.body.items[0]).toMatchObject({ action: 'denied', by: 'display:Lobby', target: alertId });
    const operator = (await g.user('operator')).accessToken;
    expect((await g.post(`/api/alerts/${encodeURIComponent(alertId)}/ack`, { version: 1 }, operator)).status).toBe(403);
  });

  it('50 officials acknowledging at once: one succeeds, 49 get a conflict, one audit entry', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => g.post(`/api/alerts/${encodeURIComponent(alertId)}/ack`, { version: 1, comment: `ack ${i}` }, official)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('CONFLICT');
    const detail = await g.get(`/api/alerts/${encodeURIComponent(alertId)}`, official);
    expect(detail.body.alert).toMatchObject({ status: 'acknowledged', version: 2, ack: { comment: ok[0]!.body.alert.ack.comment } });
    expect(detail.body.audit.filter((e: { action: string }) => e.action === 'ack')).toHaveLength(1);
  });

  it('bad bodies get a 400 naming the field; unknown alerts a 404', async () => {
    const bad = await g.post(`/api/alerts/${encodeURIComponent(alertId)}/ack`, { version: 'one' }, official);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('version');
    expect((await g.post('/api/alerts/nope/ack', { version: 1 }, official)).status).toBe(404);
    expect((await g.get('/api/alerts?severity=fatal', official)).body.error.field).toBe('severity');
  });

  it('exports CSV with a byte-order mark and one row per alert', async () => {
    const res = await fetch(`${g.url}/api/alerts?format=csv`, { headers: { authorization: `Bearer ${official}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toBe('id,rule,name,severity,status,park,source,fired_at,value,threshold,resolved_at,acknowledged_by,acknowledged_at,comment,silenced');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('big-declaration,单笔报关超过1000万美元,critical,acknowledged,hubian-park,customs');
  });

  it('silences: officials may, operators may not (unless allowed); a silenced alert is marked', async () => {
    const operator = (await g.user('operator')).accessToken;
    const body = { matchers: { ruleId: 'big-declaration', park: 'hubian-park' }, endsAt: Date.now() + 3_600_000, comment: 'known: annual equipment import' };
    expect((await g.post('/api/alerts/silences', body, operator)).status).toBe(403);
    expect((await g.post('/api/alerts/silences', { ...body, matchers: {} }, official)).body.error.field).toBe('matchers');
    const created = await g.post('/api/alerts/silences', body, official);
    expect(created.status).toBe(201);
    const listed = await g.get('/api/alerts', official);
    expect(listed.body.items[0].silenced).toBe(true);
    const ended = await g.del(`/api/alerts/silences/${created.body.id}`, official);
    expect(ended.status).toBe(200);
    expect((await g.get('/api/alerts', official)).body.items[0].silenced).toBe(false);
    const audit = (await g.get('/api/alerts/audit?limit=20', official)).body.items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['silence', 'silence-expire']));

    const lenient = await gatewayFor('alerts-lenient', { OPERATORS_MAY_SILENCE: 'true' });
    const session2 = await lenient.user('operator');
    // The session says so, so the console can offer it.
    expect(session2.extraPermissions).toEqual(['alerts:silence']);
    expect((await g.user('operator')).extraPermissions).toEqual([]);
    expect((await lenient.post('/api/alerts/silences', body, session2.accessToken)).status).toBe(201);
  });

  it('a changed rules file is reloaded; a bad one is refused naming the rule and field, and the old rules stay', async () => {
    const file = writeRulesFile();
    const h = await gatewayFor('alerts-rules', { ALERT_RULES_FILE: file });
    const admin = (await h.login()).accessToken;
    expect((await h.get('/api/alerts/rules', admin)).body.rules.map((r: { id: string }) => r.id)).toEqual(['big-declaration']);
    writeFileSync(file, TEST_RULES.replace('above: 10000000', 'above: -5'));
    const refused = await until('the refusal', async () => (await h.get('/api/alerts/rules', admin)).body.status.errors);
    expect(refused[0]).toMatch(/^rule "big-declaration" \(#1\): above: /);
    expect((await h.get('/api/alerts/rules', admin)).body.rules[0].above).toBe(10_000_000);
    writeFileSync(file, `${TEST_RULES}  - id: customs-silent\n    name: { zh: 海关中断, en: Customs silent }\n    kind: feed-stale\n    severity: critical\n    source: customs\n    minutes: 30\n`);
    const ids = await until('the reload', async () => {
      const r = await h.get('/api/alerts/rules', admin);
      return r.body.rules.length === 2 && r.body.status.errors === null ? r.body.rules.map((x: { id: string }) => x.id) : null;
    });
    expect(ids).toEqual(['big-declaration', 'customs-silent']);
    const actions = (await h.get('/api/alerts/audit?limit=20', admin)).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['rules-loaded', 'rules-refused']));
  });
});

describe.runIf(up)('alerts across restarts and gateways', () => {
  it('a gateway restarted halfway through a for-duration fires at the original deadline, once; acked alerts stay acked', async () => {
    const rules = writeRulesFile(TEST_RULES.replace('hold: 30', 'hold: 30\n    for: 4'));
    const prefix = testPrefix('alerts-restart');
    let g = await gatewayFor('alerts-restart', { ALERT_RULES_FILE: rules }, prefix);
    const { boundary } = await raiseBigDeclaration(redis!, prefix); // pending from this boundary
    await crossMinute(redis!, prefix);
    await crossMinute(redis!, prefix);
    await until('the gateway to read the entries', async () => g.gateway.ingest.engine.lastTick === boundary + 2 * 60_000);
    const admin = (await g.login()).accessToken;
    expect((await g.get('/api/alerts', admin)).body.items).toHaveLength(0);
    await g.stop();
    gateways.splice(gateways.indexOf(g), 1);

    g = await gatewayFor('alerts-restart', { ALERT_RULES_FILE: rules }, prefix);
    for (let i = 0; i < 4; i++) await crossMinute(redis!, prefix);
    const items = await until('the alert', async () => {
      const r = await g.get('/api/alerts', admin);
      return r.body.items?.length ? r.body.items : null;
    });
    await new Promise((r) => setTimeout(r, 500));
    const after = (await g.get('/api/alerts', admin)).body.items;
    expect(after).toHaveLength(1);
    expect(items[0]).toMatchObject({ since: boundary, firedAt: boundary + 4 * 60_000 });
    const audit = (await g.get('/api/alerts/audit?limit=50', admin)).body.items.filter((e: { action: string }) => e.action === 'fire');
    expect(audit).toHaveLength(1);

    expect((await g.post(`/api/alerts/${encodeURIComponent(items[0].id)}/ack`, { version: 1, comment: 'seen' }, admin)).status).toBe(200);
    await g.stop();
    gateways.splice(gateways.indexOf(g), 1);
    g = await gatewayFor('alerts-restart', { ALERT_RULES_FILE: rules }, prefix);
    expect((await g.get('/api/alerts', admin)).body.items[0]).toMatchObject({ status: 'acknowledged', ack: { comment: 'seen' } });
  });

  it('two gateways on the same streams: one alert per fingerprint; an ack on one reaches a wall on the other within 2 s', async () => {
    const prefix = testPrefix('alerts-two');
    const rules = writeRulesFile();
    const a = await gatewayFor('alerts-two', { ALERT_RULES_FILE: rules, GATEWAY_ID: 'gw-a' }, prefix);
    const b = await gatewayFor('alerts-two', { ALERT_RULES_FILE: rules, GATEWAY_ID: 'gw-b' }, prefix);
    const display = await b.displayToken('Hall wall');
    const wall = connectClient(b.url, () => ({ token: display }));
    const messages: (AlertsMessage | WallAlertsMessage)[] = [];
    wall.on('alerts', (m) => messages.push(m));
    subscribeOnConnect(wall, 'alerts');
    try {
      await until('the wall to connect', async () => messages.length > 0);
      await raiseBigDeclaration(redis!, prefix);
      await until('both gateways to evaluate', async () => a.gateway.ingest.engine.active.size === 1 && b.gateway.ingest.engine.active.size === 1);
      const admin = (await a.login()).accessToken;
      const listed = await until('the alert', async () => ((await a.get('/api/alerts', admin)).body.items?.length ? (await a.get('/api/alerts', admin)).body.items : null));
      expect(listed).toHaveLength(1);
      expect((await b.get('/api/alerts', admin)).body.items).toHaveLength(1);
      const fires = (await a.get('/api/alerts/audit?limit=50', admin)).body.items.filter((e: { action: string }) => e.action === 'fire');
      expect(fires).toHaveLength(1);
      await until('the wall to see it firing', async () => messages.at(-1)?.open.some((x) => x.status === 'firing'));

      const official = (await a.user('official')).accessToken;
      const started = Date.now();
      expect((await a.post(`/api/alerts/${encodeURIComponent(listed[0].id)}/ack`, { version: 1, comment: 'on it' }, official)).status).toBe(200);
      await until('the wall on the other gateway to see the ack', async () => messages.at(-1)?.open.find((x) => x.id === listed[0].id)?.status === 'acknowledged', 2000);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      wall.close();
    }
  });
});
