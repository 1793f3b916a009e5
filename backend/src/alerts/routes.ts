// The officials' side of alerting over REST: list (JSON or CSV), detail with its audit, acknowledge
// (version-checked), silences, the rules in force and the audit trail. Refusals of people acting
// without the right are themselves audited.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import {
  AckRequestSchema, type AlertDetailResponse, AlertQuerySchema, type AlertsResponse, AuditQuerySchema, type Permission, type Role, SilenceRequestSchema,
  can, toShanghaiIso, toWallAlerts,
} from '@torch/shared';
import { authOf, requirePermission, sendFailure } from '../auth/index.ts';
import { parseOr400 } from '../http/validate.ts';
import type { AlertService, AlertView } from './service.ts';
import { AuditUnavailableError } from './store.ts';

export interface AlertRouteDeps {
  alerts: AlertService;
  now: () => number;
  /** Operators may create and end silences too (OPERATORS_MAY_SILENCE). */
  operatorsMaySilence: boolean;
}

const CSV_COLUMNS = ['id', 'rule', 'name', 'severity', 'status', 'park', 'source', 'fired_at', 'value', 'threshold', 'resolved_at', 'acknowledged_by', 'acknowledged_at', 'comment', 'silenced'] as const;

/** A whole plain number (-12, 3.5, 1e+21): the only cell starting with '-' a spreadsheet does not evaluate as a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote everything that could break a row, and defuse spreadsheet formulas: `-1+cmd|…` starts
  // with a digit after the minus yet is a formula, so only a whole number goes through as is.
  const safe = /^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function alertsCsv(items: AlertView[]): string {
  const rows = items.map((a) => [
    a.id, a.rule.id, a.rule.name.zh, a.rule.severity, a.status, a.labels.park, a.labels.source, toShanghaiIso(a.firedAt), a.value, a.threshold,
    a.resolvedAt === null ? '' : toShanghaiIso(a.resolvedAt), a.ack?.by, a.ack ? toShanghaiIso(a.ack.at) : '', a.ack?.comment, a.silenced ? 'yes' : 'no',
  ].map(csvCell).join(','));
  // A byte-order mark so that spreadsheet programs read the Chinese names as UTF-8.
  return `\uFEFF${CSV_COLUMNS.join(',')}\r\n${rows.map((r) => `${r}\r\n`).join('')}`;
}

/**
 * A person's action whose audit entry could not be written was not done (see store.ts): answer 503
 * UNAVAILABLE saying so, rather than a bare 500 or a success nobody can account for. Other errors
 * go on to the app's error handler.
 */
function unaudited(res: Response, e: unknown): void {
  if (!(e instanceof AuditUnavailableError)) throw e;
  sendFailure(res, 'UNAVAILABLE', `Not done: the audit trail cannot be written right now, so this ${e.entry.action} was not recorded. Try again shortly.`);
}

export function createAlertRouter(d: AlertRouteDeps): Router {
  const r = express.Router();
  const { alerts } = d;
  const mayAct = (role: Role, permission: Permission) => can(role, permission) || (permission === 'alerts:silence' && role === 'operator' && d.operatorsMaySilence);

  /** 401/403 like requirePermission, but a signed-in caller refused is written to the audit trail. */
  const guard = (permission: Permission) => async (req: Request, res: Response, next: () => void) => {
    const auth = authOf(res);
    if (!auth) return sendFailure(res, 'UNAUTHENTICATED');
    if (mayAct(auth.role, permission)) return next();
    // Refused either way; an entry that cannot be written is counted and logged by the store's
    // handler. The route's pattern, not the raw path; repeats collapse (denials.ts).
    await alerts.denials.record({
      at: d.now(), by: `${auth.kind === 'display' ? 'display' : 'user'}:${auth.sub}`, target: String(req.params.id ?? 'silences'),
      route: `${req.method} ${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? ''}`, permission, role: auth.role,
    });
    sendFailure(res, 'FORBIDDEN');
  };

  r.get('/alerts', requirePermission('alerts:wall'), async (req, res) => {
    const q = parseOr400(AlertQuerySchema, req.query, res);
    if (!q) return;
    await alerts.refreshSilences();
    if (!can(authOf(res)!.role, 'alerts:read')) {
      // A wall: the open alerts it shows, projected (api/wallAlerts.ts); never the export.
      if (q.format === 'csv') return sendFailure(res, 'FORBIDDEN', 'a display token reads the open alerts as JSON, not the export');
      // Firing or acknowledged as asked; never the resolved ones.
      const status = q.status === 'firing' || q.status === 'acknowledged' ? q.status : 'open';
      const open = q.status === 'resolved' ? [] : (await alerts.store.list({ ...q, status })).map((a) => alerts.view(a));
      return void res.json({ items: toWallAlerts(open) });
    }
    const items = (await alerts.store.list(q)).map((a) => alerts.view(a));
    if (q.format === 'csv') {
      res.set('Content-Disposition', `attachment; filename="alerts-${toShanghaiIso(d.now()).slice(0, 10)}.csv"`);
      return void res.type('text/csv; charset=utf-8').send(alertsCsv(items));
    }
    res.json({ items } satisfies AlertsResponse);
  });

  r.get('/alerts/rules', requirePermission('alerts:audit'), (_req, res) => {
    res.json({ status: alerts.rules.status, rules: alerts.rules.current.rules });
  });

  r.get('/alerts/audit', requirePermission('alerts:audit'), async (req, res) => {
    const q = parseOr400(AuditQuerySchema, req.query, res);
    if (!q) return;
    res.json({ items: await alerts.store.auditLog(q.limit, undefined, q.before) });
  });

  r.get('/alerts/silences', requirePermission('alerts:read'), async (_req, res) => {
    await alerts.refreshSilences();
    res.json({ items: await alerts.store.silences() });
  });

  r.post('/alerts/silences', guard('alerts:silence'), async (req, res) => {
    const body = parseOr400(SilenceRequestSchema, req.body, res);
    if (!body) return;
    const now = d.now();
    if (body.endsAt <= Math.max(now, body.startsAt ?? 0)) return sendFailure(res, 'BAD_REQUEST', 'endsAt: must be in the future and after startsAt', 'endsAt');
    let silence;
    try {
      silence = await alerts.store.createSilence(body, authOf(res)!.sub, now, randomUUID());
    } catch (e) {
      return unaudited(res, e);
    }
    await alerts.refreshSilences();
    await alerts.store.publish([]);
    res.status(201).json(silence);
  });

  r.delete('/alerts/silences/:id', guard('alerts:silence'), async (req, res) => {
    let result;
    try {
      result = await alerts.store.expireSilence(String(req.params.id), authOf(res)!.sub, d.now());
    } catch (e) {
      return unaudited(res, e);
    }
    if (result === null) return sendFailure(res, 'NOT_FOUND');
    if (result === 'conflict') return sendFailure(res, 'CONFLICT');
    await alerts.refreshSilences();
    await alerts.store.publish([]);
    res.json(result);
  });

  r.get('/alerts/:id', requirePermission('alerts:read'), async (req, res) => {
    const a = await alerts.store.get(String(req.params.id));
    if (!a) return sendFailure(res, 'NOT_FOUND');
    const auth = authOf(res)!;
    const audit = can(auth.role, 'alerts:audit') ? await alerts.store.auditLog(100, a.id) : [];
    res.json({ alert: alerts.view(a), audit } satisfies AlertDetailResponse);
  });

  r.post('/alerts/:id/ack', guard('alerts:act'), async (req, res) => {
    const body = parseOr400(AckRequestSchema, req.body, res);
    if (!body) return;
    const id = String(req.params.id);
    let result;
    try {
      result = await alerts.store.ack(id, body, authOf(res)!.sub, d.now(), authOf(res)!.role);
    } catch (e) {
      return unaudited(res, e);
    }
    if (result === null) return sendFailure(res, 'NOT_FOUND');
    if (!result.ok) return sendFailure(res, 'CONFLICT', result.message);
    await alerts.store.publish([id]);
    res.json({ alert: alerts.view(result.record) });
  });

  return r;
}
