// Dispatch (调度) over REST: the units directory, cases (list, detail, dispatch, commands), the
// wall's summary and the timeliness figures. Who may do what to which case is the lifecycle's
// (shared/src/dispatch/lifecycle.ts); the routes map its refusals to the error codes: forbidden
// 403, conflict 409 CONFLICT with the case as it is now, wrong state 409 WRONG_STATE, invalid 400.
// Every change goes on the audit trail with the change (one script, see store.ts).
import express, { type Request, type Response, type Router } from 'express';
import {
  type AlertTopic, type Case, type CaseCommand, CaseCommandSchema, CaseQuerySchema, CreateCaseSchema, DispatchRequestSchema, FiguresQuerySchema, type Actor, PARK_IDS, type ParkId,
  type Permission, SEVERITIES, UnitSchema, can, alertTopic, allowedCommands, apply, caseFigures, createCase, failure, isCaseOpen, isOverdue, maySee, monthKey, priorityOfSeverity,
  startOfShanghaiDay, suggestUnit, toShanghaiIso, unitMonthFigures, CASE_STATES, OPEN_STATES,
} from '@torch/shared';
import type { AlertService } from '../alerts/service.ts';
import { csvCell } from '../alerts/routes.ts';
import { AuditUnavailableError } from '../alerts/store.ts';
import { type AuthErrorCode, authOf, requirePermission, sendFailure } from '../auth/index.ts';
import { parseOr400 } from '../http/validate.ts';
import type { DispatchService } from './service.ts';

export interface DispatchRouteDeps {
  dispatch: DispatchService;
  alerts: AlertService;
  now: () => number;
}

function unaudited(res: Response, e: unknown): void {
  if (!(e instanceof AuditUnavailableError)) throw e;
  sendFailure(res, 'UNAVAILABLE', `Not done: the audit trail cannot be written right now, so this ${e.entry.action} was not recorded. Try again shortly.`);
}

/** A case as a screen gets it: what the caller may do to it now, and whether it is late. */
function view(c: Case, actor: Actor, at: number) {
  return { ...c, overdue: isOverdue(c, at), commands: allowedCommands(actor, c) };
}

function auditComment(c: Case, cmd?: CaseCommand): string {
  const last = c.timeline[c.timeline.length - 1]!;
  const parts = [`${last.from ?? '-'} → ${last.to}`, `unit ${c.unitId}`];
  if (cmd?.type === 'reassign') parts.push(`from ${last.fromUnitId}`);
  if (last.note) parts.push(last.note);
  if (!cmd) parts.push(c.priority, c.alertIds.length > 0 ? `alerts ${c.alertIds.join(' ')}` : 'by hand');
  return parts.join('; ').slice(0, 2000);
}

const FIGURE_COLUMNS = ['month', 'unit', 'cases', 'cancelled', 'open', 'overdue_open', 'accepted', 'mean_accept_min', 'reported', 'mean_report_min', 'closed', 'mean_close_min', 'accept_on_time_rate', 'report_on_time_rate'] as const;

const minutes = (ms: number | null) => (ms === null ? '' : Math.round(ms / 60_000));
const rate = (r: number | null) => (r === null ? '' : r.toFixed(3));

export function createDispatchRouter(d: DispatchRouteDeps): Router {
  const r = express.Router();
  const { dispatch } = d;
  const actorOf = (res: Response) => dispatch.actor(authOf(res)!);

  /** A signed-in caller refused a change goes on the audit trail, as in the alerts' routes (denials.ts collapses repeats). */
  const denied = async (req: Request, res: Response, permission: Permission, message?: string) => {
    const auth = authOf(res)!;
    await d.alerts.denials.record({
      at: d.now(), by: `${auth.kind === 'display' ? 'display' : 'user'}:${auth.sub}`, target: String(req.params.id ?? 'dispatch'),
      route: `${req.method} ${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? ''}`, permission, role: auth.role,
    });
    sendFailure(res, 'FORBIDDEN', message);
  };
  /** 401/403 like requirePermission, with the refusal audited. */
  const guard = (permission: Permission) => async (req: Request, res: Response, next: () => void) => {
    const auth = authOf(res);
    if (!auth) return sendFailure(res, (res.locals.authError as AuthErrorCode | undefined) ?? 'UNAUTHENTICATED');
    if (can(auth.role, permission)) return next();
    await denied(req, res, permission);
  };

  r.get('/dispatch/units', requirePermission('dispatch:read'), async (_req, res) => {
    res.json({ items: await dispatch.store.units() });
  });

  r.put('/dispatch/units/:id', guard('dispatch:units'), async (req, res) => {
    const unit = parseOr400(UnitSchema, req.body, res);
    if (!unit) return;
    if (unit.id !== req.params.id) return sendFailure(res, 'BAD_REQUEST', 'id: must be the id in the path', 'id');
    let errors;
    try {
      errors = await dispatch.store.putUnit(unit, { at: d.now(), action: 'unit-put', by: authOf(res)!.sub, target: unit.id, comment: `head ${unit.head}; members ${unit.members.join(' ')}`.slice(0, 2000) });
    } catch (e) {
      return unaudited(res, e);
    }
    if (errors) return sendFailure(res, 'BAD_REQUEST', errors.join('; '));
    res.json(unit);
  });

  r.get('/dispatch/cases', requirePermission('dispatch:read'), async (req, res) => {
    const q = parseOr400(CaseQuerySchema, req.query, res);
    if (!q) return;
    const actor = await actorOf(res);
    const at = d.now();
    let all: Case[];
    if (q.alert !== undefined) {
      const linked = (await dispatch.store.casesOfAlerts([q.alert]))[q.alert];
      all = linked ? await dispatch.store.many([linked]) : [];
    } else {
      all = await dispatch.store.list(5000);
    }
    const items = all.filter((c) => maySee(actor, c)
      && (q.state === undefined || (q.state === 'open' ? isCaseOpen(c) : c.state === q.state))
      && (q.unit === undefined || c.unitId === q.unit)
      && (q.park === undefined || c.park === q.park)
      && (q.priority === undefined || c.priority === q.priority)
      && (q.overdue === undefined || isOverdue(c, at) === (q.overdue === 'true')));
    res.json({ items: items.slice(0, q.limit).map((c) => view(c, actor, at)) });
  });

  r.get('/dispatch/summary', requirePermission('dispatch:summary'), async (_req, res) => {
    const at = d.now();
    const all = await dispatch.store.list(5000);
    const open = all.filter(isCaseOpen);
    const byPark: Record<string, Record<string, number>> = {};
    for (const p of [...PARK_IDS, 'zone']) byPark[p] = Object.fromEntries(OPEN_STATES.map((s) => [s, 0]));
    for (const c of open) byPark[c.park ?? 'zone']![c.state]!++;
    const dayStart = startOfShanghaiDay(at);
    const today = caseFigures(all.filter((c) => c.deadlines.accept.from >= dayStart), at, dispatch.policy);
    res.json({
      at,
      open: open.length,
      overdue: open.filter((c) => isOverdue(c, at)).length,
      byPark,
      byState: Object.fromEntries(CASE_STATES.map((s) => [s, all.filter((c) => c.state === s).length])),
      today: { dispatched: today.cases, meanAcceptMs: today.toAccept.meanMs, meanCloseMs: today.toClose.meanMs },
    });
  });

  r.get('/dispatch/figures', requirePermission('dispatch:figures'), async (req, res) => {
    const q = parseOr400(FiguresQuerySchema, req.query, res);
    if (!q) return;
    const at = d.now();
    const month = q.month ?? monthKey(at);
    const rows = unitMonthFigures(await dispatch.store.list(20_000), at, dispatch.policy).filter((f) => f.month === month);
    if (q.format === 'csv') {
      const lines = rows.map((f) => [
        f.month, f.unitId, f.cases, f.cancelled, f.open, f.overdueOpen, f.toAccept.count, minutes(f.toAccept.meanMs), f.toReport.count, minutes(f.toReport.meanMs),
        f.toClose.count, minutes(f.toClose.meanMs), rate(f.acceptOnTime.rate), rate(f.reportOnTime.rate),
      ].map(csvCell).join(','));
      res.set('Content-Disposition', `attachment; filename="dispatch-figures-${month}.csv"`);
      return void res.type('text/csv; charset=utf-8').send(`\uFEFF${FIGURE_COLUMNS.join(',')}\r\n${lines.map((l) => `${l}\r\n`).join('')}`);
    }
    res.json({ month, items: rows });
  });

  r.get('/dispatch/cases/:id', requirePermission('dispatch:read'), async (req, res) => {
    const c = await dispatch.store.get(String(req.params.id));
    if (!c) return sendFailure(res, 'NOT_FOUND');
    const actor = await actorOf(res);
    if (!maySee(actor, c)) return sendFailure(res, 'FORBIDDEN');
    res.json({ case: view(c, actor, d.now()) });
  });

  r.post('/dispatch/cases', guard('dispatch:dispatch'), async (req, res) => {
    const body = parseOr400(CreateCaseSchema, req.body, res);
    if (!body) return;
    const actor = await actorOf(res);
    const units = await dispatch.store.units();
    const alertIds = [...new Set(body.alertIds ?? [])];
    const prefill: Record<string, unknown> = {};
    if (alertIds.length > 0) {
      const records = await Promise.all(alertIds.map((id) => d.alerts.store.get(id)));
      const missing = alertIds.filter((_, i) => !records[i]);
      if (missing.length > 0) return sendFailure(res, 'BAD_REQUEST', `alertIds: no such alert: ${missing.join(', ')}`, 'alertIds');
      const linked = await dispatch.store.casesOfAlerts(alertIds);
      const openLinked = (await dispatch.store.many([...new Set(Object.values(linked))])).filter(isCaseOpen);
      if (openLinked.length > 0) return sendFailure(res, 'CONFLICT', `already dispatched: ${openLinked.map((c) => c.id).join(', ')}`);
      const alerts = records.map((a) => a!);
      // The most severe alert leads; the priority follows its severity.
      const lead = [...alerts].sort((a, b) => SEVERITIES.indexOf(b.rule.severity) - SEVERITIES.indexOf(a.rule.severity))[0]!;
      const rule = d.alerts.rules.current.rules.find((x) => x.id === lead.rule.id);
      const park = (PARK_IDS as readonly string[]).includes(lead.labels.park ?? '') ? (lead.labels.park as ParkId) : null;
      const topic: AlertTopic = rule ? alertTopic(rule, lead.labels) : { park, source: null, metric: null, health: false };
      const suggestion = suggestUnit(topic, units);
      prefill.title = lead.rule.name.zh;
      prefill.description = alerts.map((a) => `${a.rule.name.zh} (${a.id}): ${a.value} / ${a.threshold}, ${toShanghaiIso(a.firedAt)}`).join('\n').slice(0, 4000);
      prefill.park = park;
      prefill.priority = priorityOfSeverity(lead.rule.severity);
      if (suggestion) {
        prefill.unitId = suggestion.unit.id;
        prefill.category = suggestion.category;
      }
    }
    const merged = { ...prefill, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)), alertIds };
    const request = parseOr400(DispatchRequestSchema, merged, res);
    if (!request) return;
    if (!units.some((u) => u.id === request.unitId)) return sendFailure(res, 'BAD_REQUEST', `unitId: no such unit: ${request.unitId}`, 'unitId');
    const at = d.now();
    const created = createCase(await dispatch.store.nextId(), request, actor, at, dispatch.policy);
    if (!created.ok) return sendFailure(res, created.code === 'forbidden' ? 'FORBIDDEN' : 'BAD_REQUEST', created.message);
    try {
      const w = await dispatch.store.write(created.case, 0, null, { at, action: 'case-dispatch', by: actor.username, target: created.case.id, comment: auditComment(created.case) });
      // Another official dispatched one of these alerts a moment ago (an id minted twice cannot happen with INCR).
      if (!w.ok) return sendFailure(res, 'CONFLICT', w.reason === 'linked' ? `already dispatched: ${w.caseId}` : undefined);
    } catch (e) {
      return unaudited(res, e);
    }
    res.status(201).json({ case: view(created.case, actor, at) });
  });

  r.post('/dispatch/cases/:id/commands', guard('dispatch:act'), async (req, res) => {
    const cmd = parseOr400(CaseCommandSchema, req.body, res);
    if (!cmd) return;
    const actor = await actorOf(res);
    const id = String(req.params.id);
    for (let attempt = 0; attempt < 5; attempt++) {
      const c = await dispatch.store.get(id);
      if (!c) return sendFailure(res, 'NOT_FOUND');
      if (cmd.type === 'reassign' && !(await dispatch.store.units()).some((u) => u.id === cmd.unitId)) {
        return sendFailure(res, 'BAD_REQUEST', `unitId: no such unit: ${cmd.unitId}`, 'unitId');
      }
      const at = d.now();
      const result = apply(c, cmd, actor, at, dispatch.policy);
      if (!result.ok) {
        switch (result.code) {
          case 'forbidden': return denied(req, res, 'dispatch:act', result.message);
          case 'wrong_state': return sendFailure(res, 'WRONG_STATE', result.message);
          case 'invalid': return sendFailure(res, 'BAD_REQUEST', result.message);
          case 'conflict': return void res.status(409).json({ ...failure('CONFLICT', result.message), current: view(result.current, actor, at) });
        }
      }
      let w;
      try {
        w = await dispatch.store.write(result.case, c.version, c.unitId, { at, action: `case-${cmd.type}`, by: actor.username, target: id, comment: auditComment(result.case, cmd) });
      } catch (e) {
        return unaudited(res, e);
      }
      if (w.ok) return void res.json({ case: view(w.case, actor, at) });
      // Someone wrote between our read and our write: apply again to what is there now, which
      // answers a conflict if a person changed it, or goes through if only the system did.
    }
    sendFailure(res, 'CONFLICT', 'the case keeps changing; reload and try again');
  });

  return r;
}
