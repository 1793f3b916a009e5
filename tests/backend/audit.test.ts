// When the audit trail cannot be written. Provoked for real: the audit stream's key (under this
// test's own prefix) holds a string, so every XADD to it fails with WRONGTYPE.
//
// The choice tested here (see backend/src/alerts/store.ts): a person's action whose audit entry
// cannot be written is refused and left undone, with 503 UNAVAILABLE saying why, because an
// acknowledgement or a silence nobody can account for is worse than "try again"; what the engine
// records (fire, resolve) is kept, because alerting must not stop over its paper trail; a refusal
// (403) stays a refusal. Every failed entry is logged (error, with the action, who and what) and
// counted in torch_audit_write_failures_total.
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { AlertTransition } from '@torch/shared';
import { AlertService } from '../../backend/src/alerts/service.ts';
import { AuditUnavailableError } from '../../backend/src/alerts/store.ts';
import { createMetrics } from '../../backend/src/observability.ts';
import { raiseBigDeclaration, writeRulesFile } from '../helpers/alerts.ts';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('audit failures');
const redis = up ? connect() : null;
const prefixes: string[] = [];
const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  // Cleanup: each step runs even when an earlier one failed (a gateway already stopped).
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  for (const p of prefixes) await deletePrefix(redis!, p);
  redis?.disconnect();
});

async function brokenAuditPrefix(name: string): Promise<string> {
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  await redis!.set(`${prefix}alerts:audit`, 'not a stream');
  return prefix;
}

async function until<T>(what: string, f: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function fire(id: string, at: number): AlertTransition {
  return {
    type: 'fire', id: `${id}@${at}`, fingerprint: id, labels: { park: 'hubian-park', source: 'customs' }, since: at, at, value: 25_000_000, threshold: 10_000_000, detail: {},
    rule: { id: 'big-declaration', kind: 'large-event', severity: 'critical', name: { zh: '单笔报关超过1000万美元', en: 'Declaration over USD 10 million' }, unit: 'usd' },
  };
}

describe.runIf(up)('a failed audit write', () => {
  it('is counted in the metrics /metrics serves and logged with what, who and why; an ack is refused and not applied', async () => {
    const prefix = await brokenAuditPrefix('audit-metrics');
    const metrics = createMetrics();
    const logged: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logged.push(JSON.parse(chunk.toString())), done()) }));
    const alerts = new AlertService({ redis: redis!, prefix, gatewayId: 'audit-a', rulesFile: writeRulesFile(), log, now: Date.now, metrics });
    await alerts.start();
    cleanups.push(() => alerts.stop());
    const failures = async (action: string) => {
      const m = new RegExp(`^torch_audit_write_failures_total\\{action="${action}"\\} (\\d+)$`, 'm').exec(await metrics.registry.metrics());
      return m ? Number(m[1]) : 0;
    };
    // Loading the rules wanted an entry too.
    await until('the rules-loaded failure', async () => (await failures('rules-loaded')) === 1);

    // The engine's transition is kept: the alert exists, open, without its audit entry.
    const t = fire('big-declaration|park=hubian-park', Date.now());
    await alerts.apply([t]);
    expect(await alerts.store.get(t.id)).toMatchObject({ id: t.id, version: 1, ack: null });
    expect(await failures('fire')).toBe(1);

    // A person's ack is refused, with the reason, and nothing changes.
    const ack = alerts.store.ack(t.id, { version: 1, comment: 'seen' }, 'duty-official', Date.now());
    await expect(ack).rejects.toBeInstanceOf(AuditUnavailableError);
    await expect(ack).rejects.toThrow(/audit trail cannot be written \(WRONGTYPE.*\); ack of .* was not recorded/);
    expect(await alerts.store.get(t.id)).toMatchObject({ version: 1, ack: null });
    expect(await failures('ack')).toBe(1);

    // A standalone entry (a refusal) reports false rather than throwing.
    expect(await alerts.store.audit({ at: Date.now(), action: 'denied', by: 'display:Lobby', target: t.id, comment: 'test' })).toBe(false);
    expect(await failures('denied')).toBe(1);
    expect(alerts.auditFailures).toBe(4);

    const ackLine = logged.find((l) => l.action === 'ack');
    expect(ackLine).toMatchObject({ level: 50, msg: 'audit trail write failed', by: 'duty-official', target: t.id, gatewayId: 'audit-a', err: expect.stringMatching(/^WRONGTYPE/) });
    expect(logged.map((l) => l.action).sort()).toEqual(['ack', 'denied', 'fire', 'rules-loaded']);

    // Once the trail can be written again, the same ack goes through, with its entry.
    await redis!.del(`${prefix}alerts:audit`);
    const done = await alerts.store.ack(t.id, { version: 1, comment: 'seen' }, 'duty-official', Date.now());
    expect(done).toMatchObject({ ok: true, record: { version: 2, ack: { by: 'duty-official' } } });
    expect(await alerts.store.auditLog(10, t.id)).toEqual([expect.objectContaining({ action: 'ack', by: 'duty-official' })]);
    expect(await failures('ack')).toBe(1);
  });

  it('through the gateway: the alert still fires; an ack or a silence gets 503 saying why; a wall still gets 403', async () => {
    const prefix = await brokenAuditPrefix('audit-gateway');
    const g: TestGateway = await startGateway(prefix, { env: { ALERT_RULES_FILE: writeRulesFile(), GATEWAY_ID: 'audit-gw' } });
    cleanups.push(() => g.stop());
    const official = (await g.user('official')).accessToken;

    await raiseBigDeclaration(redis!, prefix);
    const [alert] = await until('the alert', async () => {
      const r = await g.get('/api/alerts?status=open', official);
      return r.body.items?.length ? r.body.items : null;
    });
    expect(alert).toMatchObject({ status: 'firing', version: 1 });

    const ack = await g.post(`/api/alerts/${encodeURIComponent(alert.id)}/ack`, { version: 1, comment: 'on it' }, official);
    expect(ack.status).toBe(503);
    expect(ack.body).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/^Not done: the audit trail cannot be written right now, so this ack was not recorded/) } });
    // (The list, not the detail: the detail reads the audit trail too, which fails as well: a 500.)
    expect((await g.get('/api/alerts?status=open', official)).body.items).toEqual([expect.objectContaining({ id: alert.id, status: 'firing', version: 1, ack: null })]);

    const silence = await g.post('/api/alerts/silences', { matchers: { ruleId: 'big-declaration' }, endsAt: Date.now() + 3_600_000, comment: 'maintenance' }, official);
    expect(silence.status).toBe(503);
    expect(silence.body.error.code).toBe('UNAVAILABLE');
    expect((await g.get('/api/alerts/silences', official)).body.items).toEqual([]);

    const display = await g.displayToken('Lobby');
    expect((await g.post(`/api/alerts/${encodeURIComponent(alert.id)}/ack`, { version: 1 }, display)).status).toBe(403);

    // rules-loaded, dispatch-policy-loaded, user-created (the official), fire, ack, silence, denied:
    // each one failed and was accounted for.
    expect(g.gateway.alerts.auditFailures).toBe(7);

    await redis!.del(`${prefix}alerts:audit`);
    const retried = await g.post(`/api/alerts/${encodeURIComponent(alert.id)}/ack`, { version: 1, comment: 'on it' }, official);
    expect(retried.status).toBe(200);
    expect(retried.body.alert).toMatchObject({ status: 'acknowledged', version: 2 });
  });
});
