// Issue 13, point 2: refusals cannot flood the audit trail. A denied entry stores bounded fields
// (the route's pattern, ids cut short), and repeated refusals of one principal on one route within
// a minute collapse into one more entry carrying their count. Real gateway, real Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyLayout } from '@torch/shared';
import { writeRulesFile } from '../helpers/alerts.ts';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('audit flood');
const redis = up ? connect() : null;

describe.runIf(up)('the audit trail under a flood of refusals', () => {
  const prefix = testPrefix('auditflood');
  const audit = `${keyLayout(prefix).prefix}alerts:audit`;
  let g: TestGateway;
  let display: string;

  const entries = async () => (await redis!.xrange(audit, '-', '+')).map(([id, flat]) => {
    const f: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
    return { id, by: f.by ?? '', target: f.target ?? '', comment: f.comment ?? '', count: f.count, action: f.action, bytes: flat.reduce((n, x) => n + Buffer.byteLength(x), 0) };
  });

  beforeAll(async () => {
    // A clock held inside one minute, so that the collapsing window is not cut by a real minute boundary.
    const minute = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
    g = await startGateway(prefix, { now: () => minute, env: { ALERT_RULES_FILE: writeRulesFile() } });
    display = await g.displayToken('Lobby');
  });

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  it('100 refused acks with a 15,000-character id add one small entry, then one carrying the count', async () => {
    const before = await entries();
    const memoryBefore = (await redis!.memory('USAGE', audit)) ?? 0;
    const id = 'x'.repeat(15_000);
    for (let i = 0; i < 100; i++) {
      const r = await g.post(`/api/alerts/${id}/ack`, { version: 1 }, display);
      expect(r.status).toBe(403);
    }
    const during = (await entries()).slice(before.length);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({ action: 'denied', by: 'display:Lobby', count: '1' });
    expect(during[0]!.bytes).toBeLessThan(600);
    expect(during[0]!.comment).toBe('POST /api/alerts/:id/ack needs alerts:act; role display');
    expect(during[0]!.target).toBe(`${'x'.repeat(200)}…(15000 chars)`);

    // What the gateway's timer does once the minute is over (and stop does): the rest, counted.
    await g.gateway.alerts.denials.flush();
    const added = (await entries()).slice(before.length);
    expect(added).toHaveLength(2);
    expect(added.map((e) => Number(e.count))).toEqual([1, 99]);
    expect(added[1]!.comment).toMatch(/\(99 more in the minute/);
    expect(added.reduce((n, e) => n + e.bytes, 0)).toBeLessThan(1_200);
    // Redis's own accounting agrees: a few hundred bytes, not 2.7 MB.
    expect(((await redis!.memory('USAGE', audit)) ?? 0) - memoryBefore).toBeLessThan(4_096);

    // The API shows the count.
    const admin = (await g.login()).accessToken;
    const items = (await g.get('/api/alerts/audit?limit=5', admin)).body.items as { action: string; count?: number }[];
    expect(items.filter((e) => e.action === 'denied').map((e) => e.count)).toEqual([99, 1]);
  });

  it('another principal or another route is counted apart', async () => {
    const official = (await g.user('official')).accessToken;
    const wall2 = await g.displayToken('Hall');
    const before = (await entries()).length;
    for (let i = 0; i < 5; i++) {
      await g.post('/api/alerts/a/ack', { version: 1 }, display);
      await g.post('/api/alerts/silences', { matchers: {}, endsAt: 0, comment: '' }, display);
      await g.post('/api/alerts/a/ack', { version: 1 }, wall2);
    }
    expect((await g.post('/api/alerts/a/ack', { version: 1 }, official)).status).not.toBe(403);
    await g.gateway.alerts.denials.flush();
    const added = (await entries()).slice(before);
    const byKey = new Map<string, number>();
    for (const e of added) {
      const k = `${e.by} ${e.comment.split(' needs')[0]}`;
      byKey.set(k, (byKey.get(k) ?? 0) + Number(e.count));
    }
    expect(Object.fromEntries(byKey)).toEqual({
      'display:Lobby POST /api/alerts/:id/ack': 5,
      'display:Lobby POST /api/alerts/silences': 5,
      'display:Hall POST /api/alerts/:id/ack': 5,
    });
    expect(added).toHaveLength(6);
  });
});
