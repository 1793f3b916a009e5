// What a display (kiosk) token reads: the metrics, and the open alerts as the wall shows them — over
// HTTP and on the socket `alerts` channel, with no officials' comments, no user names, no
// silences, no rule labels beyond place and no event detail — and 403 on silences, one alert's
// detail, the CSV export and the audit trail. People still get the records whole. Real gateway,
// real Redis, a real Socket.IO client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertsMessage, type WallAlertsMessage } from '@torch/shared';
import { raiseBigDeclaration, writeRulesFile } from '../helpers/alerts.ts';
import { type TestGateway, connectClient, startGateway, subscribeOnConnect } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('display scope');

/** A rule with labels of its own, copied onto its alerts: a wall has no business with them. */
const RULES = `version: 1
rules:
  - id: big-declaration
    name: { zh: 单笔报关超过1000万美元, en: Declaration over USD 10 million }
    kind: large-event
    severity: critical
    event: customs.declaration
    field: valueUsd
    above: 10000000
    hold: 30
    labels: { team: customs-desk-private-label }
`;

const COMMENT = '王主任已电话联系企业-COMMENT-SECRET';
const REASON = 'known maintenance-SILENCE-REASON-SECRET';

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every key anywhere in a JSON value. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysOf(x, out);
    }
  }
  return out;
}

/**
 * Nothing a wall must not see, anywhere in what it was sent. Alert ids are left out of the text
 * check: an id is the rule's fingerprint (its labels) and the firing time, kept so that a wall and
 * the console name the same alert.
 */
function expectNothingPrivate(body: unknown, officialName: string) {
  const text = JSON.stringify(body, (k, v) => (k === 'id' || k === 'changed' ? undefined : v));
  for (const secret of [COMMENT, REASON, officialName, 'customs-desk-private-label', 'eventId']) expect(text).not.toContain(secret);
  const keys = keysOf(body);
  for (const k of ['comment', 'by', 'createdBy', 'reason', 'detail', 'fingerprint', 'team', 'matchers']) expect([...keys]).not.toContain(k);
}

describe.runIf(up)('what a display token may read', () => {
  const redis = connect();
  const prefix = testPrefix('displayscope');
  let g: TestGateway;
  let display: string;
  let official: string;
  let officialName: string;
  let acked: string;
  let silencedId: string;

  beforeAll(async () => {
    g = await startGateway(prefix, { env: { ALERT_RULES_FILE: writeRulesFile(RULES) } });
    display = await g.displayToken('Lobby wall');
    officialName = `wang-zhuren-${Math.random().toString(36).slice(2, 6)}`;
    official = (await g.user('official', officialName)).accessToken;
    // Two alerts: one acknowledged with a comment, one silenced with a reason.
    await raiseBigDeclaration(redis, prefix, 'hubian-park');
    await raiseBigDeclaration(redis, prefix, 'torch-park');
    const items = await until('two alerts', async () => {
      const r = (await g.get('/api/alerts?status=open', official)).body.items;
      return r?.length === 2 ? r : null;
    });
    const byPark = Object.fromEntries(items.map((a: { labels: { park: string }; id: string }) => [a.labels.park, a.id]));
    acked = byPark['hubian-park'];
    silencedId = byPark['torch-park'];
    expect((await g.post(`/api/alerts/${encodeURIComponent(acked)}/ack`, { version: 1, comment: COMMENT }, official)).status).toBe(200);
    const silence = await g.post('/api/alerts/silences', { matchers: { park: 'torch-park' }, endsAt: Date.now() + 3_600_000, comment: REASON }, official);
    expect(silence.status).toBe(201);
    // People still see everything: the comment, who, the silence.
    const whole = (await g.get('/api/alerts?status=open', official)).body.items;
    expect(whole.find((a: { id: string }) => a.id === acked)).toMatchObject({ ack: { by: officialName, comment: COMMENT, role: 'official' } });
    expect(whole.find((a: { id: string }) => a.id === silencedId)).toMatchObject({ silenced: true });
  }, 60_000);

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('GET /api/alerts: the open, unsilenced alerts, projected — acknowledged by a role, no comment, no names', async () => {
    const r = await g.get('/api/alerts', display);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([{
      id: acked,
      rule: { id: 'big-declaration', kind: 'large-event', severity: 'critical', name: { zh: '单笔报关超过1000万美元', en: 'Declaration over USD 10 million' }, unit: 'usd' },
      labels: { park: 'hubian-park', source: 'customs' },
      firedAt: expect.any(Number),
      value: 25_000_000,
      threshold: 10_000_000,
      status: 'acknowledged',
      silenced: false,
      ack: { at: expect.any(Number), role: 'official' },
    }]);
    expectNothingPrivate(r.body, officialName);
    // Whatever it asks for, resolved alerts are not a wall's.
    expect((await g.get('/api/alerts?status=resolved', display)).body.items).toEqual([]);
    expect((await g.get('/api/alerts?status=firing', display)).body.items).toEqual([]);
  });

  it('403 on the CSV export, silences, one alert\'s detail, the audit trail and the rules', async () => {
    for (const path of ['/api/alerts?format=csv', '/api/alerts/silences', `/api/alerts/${encodeURIComponent(acked)}`, '/api/alerts/audit', '/api/alerts/rules', '/api/replay/export?from=0&to=1']) {
      const r = await g.get(path, display);
      expect({ path, status: r.status }).toEqual({ path, status: 403 });
      expectNothingPrivate(r.body, officialName);
    }
    // The same token in the URL (as a kiosk link carries it) reads no more.
    expect((await g.get(`/api/alerts/silences?token=${encodeURIComponent(display)}`)).status).toBe(403);
  });

  it('the socket alerts channel: the same projection, on subscribe and on every change', async () => {
    const wall = connectClient(g.url, () => ({ token: display }));
    const person = connectClient(g.url, () => ({ token: official }));
    const toWall: (AlertsMessage | WallAlertsMessage)[] = [];
    const toPerson: (AlertsMessage | WallAlertsMessage)[] = [];
    wall.on('alerts', (m) => toWall.push(m));
    person.on('alerts', (m) => toPerson.push(m));
    subscribeOnConnect(wall, 'alerts');
    subscribeOnConnect(person, 'alerts');
    try {
      await until('both to get the open alerts', async () => toWall.length > 0 && toPerson.length > 0);
      expect(toWall[0]).toMatchObject({ projection: 'wall', open: [{ id: acked, status: 'acknowledged', ack: { role: 'official' } }] });
      expect(toWall[0]!.open).toHaveLength(1);
      expect(toPerson[0]!.open.find((a) => a.id === acked)).toMatchObject({ ack: { by: officialName, comment: COMMENT } });
      // A change (a new alert in another park) is pushed projected too.
      await raiseBigDeclaration(redis, prefix, 'software-park-2');
      const next = await until('the new alert on the wall', async () => toWall.find((m) => m.open.length === 2));
      expect(next).toMatchObject({ projection: 'wall' });
      for (const m of toWall) expectNothingPrivate(m, officialName);
    } finally {
      wall.close();
      person.close();
    }
  });
});
