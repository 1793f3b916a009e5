// Dispatch (issue 16, step 2) through the real gateway on Redis: an official dispatches a case from
// an alert, a responder of the suggested unit accepts, starts and reports, the official returns it,
// the responder reports again and the official closes it, every change on the audit trail. A
// responder of another unit neither sees nor touches it; two officials closing at once get one
// 200 and one 409 with the case as it is now; a wall's display token reads the summary only;
// bad requests get 400 naming the field; the policy file is hot-reloaded and a bad one refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, SEED_UNITS } from '@torch/shared';
import { AuthStore } from '../../backend/src/auth/index.ts';
import { seedDemoResponders } from '../../backend/src/dispatch/demo.ts';
import { raiseBigDeclaration, writeRulesFile } from '../helpers/alerts.ts';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('dispatch');
const redis = up ? connect() : null;

const POLICY = readFileSync(join(import.meta.dirname, '../../backend/rules/dispatch-policy.yaml'), 'utf8');

describe.runIf(up)('dispatch through the gateway', () => {
  const prefix = testPrefix('dispatch');
  const policyFile = join(mkdtempSync(join(tmpdir(), 'torch-policy-')), 'dispatch-policy.yaml');
  let a: TestGateway;
  let official: Session;
  let official2: Session;
  let operator: Session;
  let customs: Session;
  let parkOffice: Session;
  let display = '';
  let alertId = '';
  let caseId = '';

  beforeAll(async () => {
    writeFileSync(policyFile, POLICY);
    a = await startGateway(prefix, { env: { ALERT_RULES_FILE: writeRulesFile(), DISPATCH_POLICY_FILE: policyFile } });
    official = await a.user('official');
    official2 = await a.user('official');
    operator = await a.user('operator');
    // Members of the seeded directory: the customs liaison (where a big declaration goes) and a park office.
    customs = await a.user('responder', 'customs.liaison.duty');
    parkOffice = await a.user('responder', 'tp.duty');
    display = await a.displayToken('Dispatch wall');
    await raiseBigDeclaration(redis!, prefix);
    for (let i = 0; i < 200 && !alertId; i++) {
      alertId = (await a.get('/api/alerts', official.accessToken)).body.items?.[0]?.id ?? '';
      if (!alertId) await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await a?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  const command = (id: string, body: unknown, who: Session) => a.post(`/api/dispatch/cases/${id}/commands`, body, who.accessToken);

  it('seeds the units directory on first start', async () => {
    const r = await a.get('/api/dispatch/units', official.accessToken);
    expect(r.status).toBe(200);
    expect(r.body.items.map((u: { id: string }) => u.id).sort()).toEqual(SEED_UNITS.map((u) => u.id).sort());
  });

  it('the whole loop: dispatch from an alert, accept, start, report, return, report, close, each audited', async () => {
    expect(alertId).not.toBe('');
    const created = await a.post('/api/dispatch/cases', { alertIds: [alertId] }, official.accessToken);
    expect(created.status).toBe(201);
    const c = created.body.case;
    caseId = c.id;
    expect(c.id).toMatch(/^C-\d+$/);
    // Prefilled: the critical alert is P1, the declaration goes to the customs liaison, in its park.
    expect(c).toMatchObject({ state: 'dispatched', version: 1, priority: 'P1', unitId: 'liaison-customs', park: 'hubian-park', category: 'trade', alertIds: [alertId] });
    expect(c.title).toBe('单笔报关超过1000万美元');
    expect(await a.gateway.dispatch.store.casesOfAlerts([alertId])).toEqual({ [alertId]: caseId });
    expect((await a.get(`/api/dispatch/cases?alert=${encodeURIComponent(alertId)}`, official.accessToken)).body.items.map((x: { id: string }) => x.id)).toEqual([caseId]);
    // The alert's own record is not touched by the link.
    expect((await a.get(`/api/alerts/${alertId}`, official.accessToken)).body.alert.version).toBe(1);
    // Dispatching the same alert again while its case is open is refused.
    expect((await a.post('/api/dispatch/cases', { alertIds: [alertId] }, official.accessToken)).status).toBe(409);

    const mine = await a.get('/api/dispatch/cases?state=open', customs.accessToken);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([caseId]);
    expect(mine.body.items[0].commands).toEqual(['accept']);

    let r = await command(caseId, { type: 'accept', version: 1 }, customs);
    expect(r.status).toBe(200);
    expect(r.body.case).toMatchObject({ state: 'accepted', version: 2 });
    r = await command(caseId, { type: 'start', version: 2 }, customs);
    expect(r.body.case).toMatchObject({ state: 'in_progress', version: 3 });
    r = await command(caseId, { type: 'report', version: 3, findings: '企业确有大额订单', actions: '已电话核实' }, customs);
    expect(r.body.case).toMatchObject({ state: 'reported', version: 4 });
    // The responder cannot close its own report.
    expect((await command(caseId, { type: 'close', version: 4 }, customs)).status).toBe(403);
    r = await command(caseId, { type: 'return', version: 4, reason: '请补充报关单号' }, official);
    expect(r.status).toBe(200);
    expect(r.body.case).toMatchObject({ state: 'in_progress', version: 5 });
    expect(r.body.case.deadlines.report.round).toBe(2);
    r = await command(caseId, { type: 'report', version: 5, findings: '报关单号已补充', actions: '已核实' }, customs);
    expect(r.body.case).toMatchObject({ state: 'reported', version: 6 });

    // Two officials close at once: one succeeds, the other gets 409 with the case as it is now.
    const [x, y] = await Promise.all([
      command(caseId, { type: 'close', version: 6, comment: '办结' }, official),
      command(caseId, { type: 'close', version: 6, comment: '办结' }, official2),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const lost = x.status === 409 ? x : y;
    expect(lost.body.error.code).toBe('CONFLICT');
    expect(lost.body.current).toMatchObject({ id: caseId, state: 'closed', version: 7 });
    const won = x.status === 200 ? x : y;
    expect(won.body.case.timeline.map((e: { type: string }) => e.type)).toEqual(['dispatched', 'accepted', 'started', 'reported', 'returned', 'reported', 'closed']);

    const audit = await a.get('/api/alerts/audit?limit=100', official.accessToken);
    const entries = (audit.body.items as { action: string; target: string; by: string }[]).filter((e) => e.target === caseId).reverse();
    // The responder's attempt to close is there too, as a refusal.
    expect(entries.map((e) => e.action)).toEqual(['case-dispatch', 'case-accept', 'case-start', 'case-report', 'denied', 'case-return', 'case-report', 'case-close']);
    expect(entries[1]!.by).toBe('customs.liaison.duty');

    // A closed case takes no more commands: 409 WRONG_STATE (not a conflict: the version is current).
    const again = await command(caseId, { type: 'return', version: 7, reason: 'x' }, official);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WRONG_STATE');
  });

  it("a responder of another unit gets 403 and does not see the case in the list; operators read but do not act", async () => {
    const created = await a.post('/api/dispatch/cases', { title: '手工派单', priority: 'P2', unitId: 'liaison-customs' }, official.accessToken);
    expect(created.status).toBe(201);
    const id = created.body.case.id as string;
    expect((await a.get(`/api/dispatch/cases/${id}`, parkOffice.accessToken)).status).toBe(403);
    expect((await a.get(`/api/dispatch/cases/${caseId}`, parkOffice.accessToken)).status).toBe(403);
    expect((await a.get('/api/dispatch/cases', parkOffice.accessToken)).body.items).toEqual([]);
    expect((await command(id, { type: 'accept', version: 1 }, parkOffice)).status).toBe(403);
    // The refusal is on the audit trail, by route pattern.
    const denials = (await a.get('/api/alerts/audit?limit=100', official.accessToken)).body.items as { action: string; by: string; target: string; comment: string }[];
    expect(denials.some((e) => e.action === 'denied' && e.by === 'user:tp.duty' && e.target === id && e.comment.includes('/api/dispatch/cases/:id/commands'))).toBe(true);
    expect((await a.get(`/api/dispatch/cases/${id}`, customs.accessToken)).status).toBe(200);
    // Reassigned to the park office, the case changes hands.
    const moved = await command(id, { type: 'reassign', version: 1, unitId: 'office-torch-park', reason: '属园区企业' }, official);
    expect(moved.status).toBe(200);
    expect((await a.get(`/api/dispatch/cases/${id}`, customs.accessToken)).status).toBe(403);
    expect((await a.get('/api/dispatch/cases?state=open', parkOffice.accessToken)).body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    // Operators read everything and change nothing.
    expect((await a.get('/api/dispatch/cases', operator.accessToken)).body.items.length).toBe(2);
    expect((await a.post('/api/dispatch/cases', { title: 'x', priority: 'P3', unitId: 'bureau-economy' }, operator.accessToken)).status).toBe(403);
    expect((await command(id, { type: 'cancel', version: 2, reason: 'x' }, operator)).status).toBe(403);
    // Responders do not dispatch, nor edit the directory.
    expect((await a.post('/api/dispatch/cases', { title: 'x', priority: 'P3', unitId: 'office-torch-park' }, parkOffice.accessToken)).status).toBe(403);
    expect((await a.put('/api/dispatch/units/office-torch-park', SEED_UNITS[0], official.accessToken)).status).toBe(403);
  });

  it("a display token reads the summary only", async () => {
    const s = await a.get('/api/dispatch/summary', display);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ open: 1, overdue: 0 });
    expect(s.body.byPark.zone.dispatched).toBe(1); // the case by hand names no park
    expect(s.body.byState.closed).toBe(1);
    expect(s.body.today.dispatched).toBe(2);
    expect(s.body.today.meanCloseMs).toBeGreaterThanOrEqual(0);
    for (const path of ['/api/dispatch/cases', `/api/dispatch/cases/${caseId}`, '/api/dispatch/units', '/api/dispatch/figures']) {
      expect((await a.get(path, display)).status, path).toBe(403);
    }
    expect((await a.post('/api/dispatch/cases', { title: 'x', priority: 'P3', unitId: 'bureau-economy' }, display)).status).toBe(403);
  });

  it('answers bad requests with 400 naming the field, unknown cases with 404', async () => {
    const bad = async (body: unknown, field?: string) => {
      const r = await a.post('/api/dispatch/cases', body, official.accessToken);
      expect(r.status, JSON.stringify(body)).toBe(400);
      if (field) expect(r.body.error.field).toBe(field);
    };
    await bad({ priority: 'P2', unitId: 'bureau-economy' }, 'title');
    await bad({ title: 'x', priority: 'P9', unitId: 'bureau-economy' }, 'priority');
    await bad({ title: 'x', priority: 'P2', unitId: 'no-such-unit' }, 'unitId');
    await bad({ alertIds: ['no-such-alert'] }, 'alertIds');
    await bad({ title: 'x', priority: 'P2', unitId: 'bureau-economy', extra: 1 });
    await bad({ title: 'x', priority: 'P2', unitId: 'bureau-economy', deadlines: { acceptBy: 1 } });
    const id = (await a.post('/api/dispatch/cases', { title: '校验', priority: 'P3', unitId: 'bureau-economy' }, official.accessToken)).body.case.id as string;
    const cmd = async (body: unknown) => (await command(id, body, official)).status;
    expect(await cmd({ type: 'explode', version: 1 })).toBe(400);
    expect(await cmd({ type: 'cancel', version: 1 })).toBe(400);
    expect(await cmd({ type: 'reassign', version: 1, unitId: 'bureau-economy' })).toBe(400);
    expect(await cmd({ type: 'reassign', version: 1, unitId: 'nowhere' })).toBe(400);
    expect((await command('C-999999', { type: 'cancel', version: 1, reason: 'x' }, official)).status).toBe(404);
    expect((await a.get('/api/dispatch/cases?state=lost', official.accessToken)).status).toBe(400);
    expect((await a.get('/api/dispatch/figures?month=2026-13', official.accessToken)).status).toBe(400);
    expect((await a.put('/api/dispatch/units/other-id', SEED_UNITS[0], (await a.login()).accessToken)).status).toBe(400);
    expect(await cmd({ type: 'cancel', version: 1, reason: '重复' })).toBe(200);
  });

  it('lets an admin edit the directory, keeping it valid, and audits it', async () => {
    const admin = (await a.login()).accessToken;
    const office = SEED_UNITS.find((u) => u.id === 'office-torch-park')!;
    const r = await a.put('/api/dispatch/units/office-torch-park', { ...office, members: [...office.members, 'tp.new'] }, admin);
    expect(r.status).toBe(200);
    expect((await a.get('/api/dispatch/units', admin)).body.items.find((u: { id: string }) => u.id === 'office-torch-park').members).toContain('tp.new');
    // A second office for the same park breaks the directory: refused.
    const twin = await a.put('/api/dispatch/units/office-twin', { ...office, id: 'office-twin' }, admin);
    expect(twin.status).toBe(400);
    const audit = (await a.get('/api/alerts/audit?limit=100', admin)).body.items as { action: string; target: string }[];
    expect(audit.some((e) => e.action === 'unit-put' && e.target === 'office-torch-park')).toBe(true);
  });

  it('figures per unit and month, as JSON and as CSV', async () => {
    const j = await a.get('/api/dispatch/figures', official.accessToken);
    expect(j.status).toBe(200);
    const customsRow = j.body.items.find((f: { unitId: string }) => f.unitId === 'liaison-customs');
    expect(customsRow).toMatchObject({ cases: 1, open: 0 });
    expect(customsRow.toClose.count).toBe(1);
    const csv = await a.get('/api/dispatch/figures?format=csv', official.accessToken);
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^month,unit,cases,/);
    expect(lines.some((l) => l.includes(',liaison-customs,1,'))).toBe(true);
  });

  it('reloads the policy file; a bad one is refused, logged in the audit, and the last good one stays', async () => {
    writeFileSync(policyFile, POLICY.replace('acceptHours: 0.5', 'acceptHours: 1'));
    for (let i = 0; i < 60 && a.gateway.dispatch.policy.priorities.P1.acceptHours !== 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(a.gateway.dispatch.policy.priorities.P1.acceptHours).toBe(1);
    writeFileSync(policyFile, POLICY.replace('remindAt: [0.5, 0.8]', 'remindAt: [0.8, 0.5]'));
    for (let i = 0; i < 60 && !a.gateway.dispatch.policyFile.status.errors; i++) await new Promise((r) => setTimeout(r, 100));
    expect(a.gateway.dispatch.policyFile.status.errors?.[0]).toMatch(/priority P1: remindAt\.1/);
    expect(a.gateway.dispatch.policy.priorities.P1.acceptHours).toBe(1);
    const audit = (await a.get('/api/alerts/audit?limit=100', official.accessToken)).body.items as { action: string }[];
    expect(audit.some((e) => e.action === 'dispatch-policy-refused')).toBe(true);
  });

  it('the demo seeds responder accounts for the seeded units, once, without touching existing ones', async () => {
    const first = await seedDemoResponders(new AuthStore(redis!, prefix));
    const members = SEED_UNITS.flatMap((u) => u.members);
    // tp.duty and customs.liaison.duty exist already (made above): kept, with their own passwords.
    expect(first.created.sort()).toEqual(members.filter((m) => m !== 'tp.duty' && m !== 'customs.liaison.duty').sort());
    const head = await a.login('sp2.head', first.password);
    expect(head.role).toBe('responder');
    expect(head.displayName).toBe('软件园二期管理办公室负责人');
    expect((await a.get('/api/dispatch/cases', head.accessToken)).status).toBe(200);
    expect((await seedDemoResponders(new AuthStore(redis!, prefix))).created).toEqual([]);
  }, 120_000);

  it('an alert whose case is closed may be dispatched again; two officials dispatching it at once make one case', async () => {
    const [x, y] = await Promise.all([
      a.post('/api/dispatch/cases', { alertIds: [alertId] }, official.accessToken),
      a.post('/api/dispatch/cases', { alertIds: [alertId] }, official2.accessToken),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    const made = (x.status === 201 ? x : y).body.case.id as string;
    expect(made).not.toBe(caseId);
    expect(await a.gateway.dispatch.store.casesOfAlerts([alertId])).toEqual({ [alertId]: made });
    expect((x.status === 409 ? x : y).body.error.message).toContain(made);
  });
});
