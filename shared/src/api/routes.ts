// The REST routes of the gateway, in one table: method, path (as Express writes it, under /api),
// who may call it, the zod schemas of its query and body, and what it answers. The OpenAPI
// document (openapi.ts, served at GET /api/openapi.json) is generated from it, and
// tests/backend/openapi.test.ts holds it against the routes Express actually serves, both ways.
// The routers parse with the same schema objects; their permission checks are tested against
// this table by the same test, and against every role by tests/backend/security.test.ts.
import { z } from 'zod';
import { AckRequestSchema, AlertQuerySchema, AuditQuerySchema, SilenceRequestSchema } from '../alerts/lifecycle.ts';
import {
  ChangePasswordSchema, CreateDisplayTokenSchema, CreateUserSchema, DisplayTokenSchema, LoginRequestSchema, type Permission, RefreshRequestSchema, ResetPasswordSchema, ROLES,
  SessionSchema, UpdateUserSchema, UserNamesSchema, UserSchema,
} from './auth.ts';
import type { ErrorCode } from './errors.ts';
import { CaseCommandSchema } from '../dispatch/case.ts';
import { UnitSchema } from '../dispatch/units.ts';
import { CaseQuerySchema, CreateCaseSchema, FiguresQuerySchema } from './dispatch.ts';
import { CreateReplaySchema, DensityQuerySchema, DryRunSchema, ExportQuerySchema, ReplayControlSchema } from './replay.ts';
import { DeadLettersQuerySchema, SeriesQuerySchema } from './rest.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiRoute {
  method: HttpMethod;
  /** Under /api, with Express's `:param` placeholders. */
  path: string;
  summary: string;
  /** `public`: no token; `signed-in`: any valid token; else the permission of PERMISSIONS needed. */
  access: 'public' | 'signed-in' | Permission;
  /** A word on access beyond the permission table, where the deployment can change it. */
  accessNote?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The successful answer. `type` names the TypeScript type in shared/ where there is no schema. */
  ok: { status: 200 | 201 | 204; description: string; schema?: z.ZodType; type?: string; contentTypes?: string[] };
  /** Error codes this route answers with beyond those its access, input and the rate limit imply. */
  errors?: ErrorCode[];
}

const MeSchema = z.object({ username: z.string(), role: z.enum(ROLES), kind: z.enum(['access', 'display']) });
const CreatedDisplayTokenSchema = z.object({ token: z.string(), id: z.string(), url: z.string().describe('/wall?token=…: the kiosk link') });

export const API_ROUTES: readonly ApiRoute[] = [
  // ---- auth (backend/src/auth/routes.ts) ----
  { method: 'post', path: '/auth/login', summary: 'Sign in: a 15-minute access token and a rotating refresh token', access: 'public',
    body: LoginRequestSchema, ok: { status: 200, description: 'the session', schema: SessionSchema }, errors: ['INVALID_CREDENTIALS'] },
  { method: 'post', path: '/auth/refresh', summary: 'Trade a refresh token for a new session (the old refresh token is spent; presenting a spent one ends the whole session)', access: 'public',
    body: RefreshRequestSchema, ok: { status: 200, description: 'the new session', schema: SessionSchema } },
  { method: 'post', path: '/auth/logout', summary: "End the refresh token's session, its access tokens and sockets included (works after the access token has expired)", access: 'public',
    body: RefreshRequestSchema, ok: { status: 204, description: 'signed out' } },
  { method: 'get', path: '/auth/me', summary: 'Who the token belongs to', access: 'signed-in', ok: { status: 200, description: 'the caller', schema: MeSchema } },
  { method: 'post', path: '/auth/password', summary: "Change one's own password with the current one; one's other sessions end", access: 'password:change',
    body: ChangePasswordSchema, ok: { status: 204, description: 'changed' }, errors: ['RATE_LIMITED'] },
  { method: 'get', path: '/users', summary: 'The accounts', access: 'users:manage', ok: { status: 200, description: 'every account', schema: z.array(UserSchema) } },
  { method: 'post', path: '/users', summary: 'Create an account', access: 'users:manage', body: CreateUserSchema,
    ok: { status: 201, description: 'the account', schema: UserSchema }, errors: ['CONFLICT'] },
  { method: 'get', path: '/users/names', summary: 'Display names by login name, for showing who did what', access: 'alerts:audit',
    ok: { status: 200, description: 'the names', schema: UserNamesSchema } },
  { method: 'patch', path: '/users/:username', summary: "Change an account's display name, role or enabled state (disabling or a new role ends its sessions)", access: 'users:manage',
    body: UpdateUserSchema, ok: { status: 200, description: 'the account', schema: UserSchema }, errors: ['NOT_FOUND'] },
  { method: 'delete', path: '/users/:username', summary: 'Delete an account; its sessions end', access: 'users:manage', ok: { status: 204, description: 'deleted' }, errors: ['NOT_FOUND'] },
  { method: 'post', path: '/users/:username/password', summary: 'Set a new password for an account (lost password); its sessions end', access: 'users:manage',
    body: ResetPasswordSchema, ok: { status: 204, description: 'set' }, errors: ['NOT_FOUND'] },
  { method: 'get', path: '/display-tokens', summary: "The walls' kiosk links", access: 'display-tokens:manage',
    ok: { status: 200, description: 'every display token (without the token itself)', schema: z.array(DisplayTokenSchema) } },
  { method: 'post', path: '/display-tokens', summary: 'Create a read-only kiosk link for a wall', access: 'display-tokens:manage', body: CreateDisplayTokenSchema,
    ok: { status: 201, description: 'the token, shown this once, and the link', schema: CreatedDisplayTokenSchema } },
  { method: 'delete', path: '/display-tokens/:id', summary: 'Revoke a kiosk link: its wall goes dark at once', access: 'display-tokens:manage',
    ok: { status: 204, description: 'revoked' }, errors: ['NOT_FOUND'] },

  // ---- the read API (backend/src/http/api.ts) ----
  { method: 'get', path: '/health', summary: "Redis, each feed's last event, age, consumer lag and status", access: 'public',
    ok: { status: 200, description: 'healthy (503 with the same body when Redis is down)', type: 'HealthResponse' } },
  { method: 'get', path: '/openapi.json', summary: 'This document', access: 'public', ok: { status: 200, description: 'the OpenAPI 3.1 document' } },
  { method: 'get', path: '/parks', summary: 'The sub-park catalogue', access: 'metrics:read', ok: { status: 200, description: 'the parks', type: 'ParksResponse' } },
  { method: 'get', path: '/metrics', summary: 'The current view: today, month and year to date with 同比 and 环比, ranking, feeds, registrations', access: 'metrics:read',
    ok: { status: 200, description: 'the view', type: 'MetricsView' } },
  { method: 'get', path: '/metrics/series', summary: 'A metric over time (at most 2,000 points)', access: 'metrics:read', query: SeriesQuerySchema,
    ok: { status: 200, description: 'the points', type: 'SeriesResponse' } },
  { method: 'get', path: '/feeds', summary: 'Feed health with consumer lag and pending entries', access: 'feeds:read', ok: { status: 200, description: 'each feed', type: 'FeedsResponse' } },
  { method: 'get', path: '/dead-letters', summary: 'Refused stream entries, newest first, paged', access: 'deadletters:read', query: DeadLettersQuerySchema,
    ok: { status: 200, description: 'a page and the cursor of the next', type: 'DeadLettersResponse' } },

  // ---- alerts (backend/src/alerts/routes.ts) ----
  { method: 'get', path: '/alerts', summary: 'Alerts, newest first (status=open: not resolved)', access: 'alerts:wall',
    accessNote: 'a display token gets only the open, unsilenced alerts as a wall shows them (WallAlert: no comments, names or silences) and no CSV', query: AlertQuerySchema,
    ok: { status: 200, description: 'JSON, or CSV with a byte-order mark when format=csv', type: 'AlertsResponse', contentTypes: ['application/json', 'text/csv'] } },
  { method: 'get', path: '/alerts/rules', summary: "The rules in force and the rules file's load status", access: 'alerts:audit',
    ok: { status: 200, description: '{ status, rules }' } },
  { method: 'get', path: '/alerts/audit', summary: 'The audit trail, newest first', access: 'alerts:audit', query: AuditQuerySchema,
    ok: { status: 200, description: '{ items }', type: 'AuditEntry[]' } },
  { method: 'get', path: '/alerts/silences', summary: 'Silences', access: 'alerts:read', ok: { status: 200, description: '{ items }', type: 'Silence[]' } },
  { method: 'post', path: '/alerts/silences', summary: 'Create a silence', access: 'alerts:silence', accessNote: 'operators too when OPERATORS_MAY_SILENCE=true',
    body: SilenceRequestSchema, ok: { status: 201, description: 'the silence', type: 'Silence' } },
  { method: 'delete', path: '/alerts/silences/:id', summary: 'End a silence now', access: 'alerts:silence', accessNote: 'operators too when OPERATORS_MAY_SILENCE=true',
    ok: { status: 200, description: 'the ended silence', type: 'Silence' }, errors: ['NOT_FOUND', 'CONFLICT'] },
  { method: 'get', path: '/alerts/:id', summary: 'One alert, with its audit entries for people', access: 'alerts:read',
    ok: { status: 200, description: 'the alert', type: 'AlertDetailResponse' }, errors: ['NOT_FOUND'] },
  { method: 'post', path: '/alerts/:id/ack', summary: 'Acknowledge an alert; 409 if it changed since `version`', access: 'alerts:act', body: AckRequestSchema,
    ok: { status: 200, description: '{ alert }' }, errors: ['NOT_FOUND', 'CONFLICT'] },

  // ---- dispatch (backend/src/dispatch/routes.ts) ----
  { method: 'get', path: '/dispatch/units', summary: 'The responsible units (责任单位) with their members and heads', access: 'dispatch:read',
    ok: { status: 200, description: '{ items }', type: 'Unit[]' } },
  { method: 'put', path: '/dispatch/units/:id', summary: 'Add or replace a unit; the whole directory must stay valid', access: 'dispatch:units', body: UnitSchema,
    ok: { status: 200, description: 'the unit', type: 'Unit' } },
  { method: 'get', path: '/dispatch/cases', summary: "Cases (工单), most recently changed first; a responder sees its own units' only", access: 'dispatch:read', query: CaseQuerySchema,
    ok: { status: 200, description: '{ items }: each case with `overdue` and the `commands` the caller may give', type: 'Case[]' } },
  { method: 'get', path: '/dispatch/cases/:id', summary: 'One case with its timeline', access: 'dispatch:read', accessNote: "responders: their own units' cases only",
    ok: { status: 200, description: '{ case }', type: 'Case' }, errors: ['NOT_FOUND'] },
  { method: 'post', path: '/dispatch/cases', summary: 'Dispatch a case (派单), from alerts (prefilled, unit suggested) or by hand', access: 'dispatch:dispatch', body: CreateCaseSchema,
    ok: { status: 201, description: '{ case }', type: 'Case' }, errors: ['CONFLICT'] },
  { method: 'post', path: '/dispatch/cases/:id/commands', summary: 'Accept, start, report, close, return, reassign or cancel; 409 CONFLICT with `current` if the case changed since `version`', access: 'dispatch:act',
    accessNote: "responders accept, start and report their own units' cases; officials and admins the rest", body: CaseCommandSchema,
    ok: { status: 200, description: '{ case }', type: 'Case' }, errors: ['NOT_FOUND', 'CONFLICT', 'WRONG_STATE'] },
  { method: 'get', path: '/dispatch/summary', summary: "Counts for the wall: open cases by park and state, overdue, today's mean time to accept and to close", access: 'dispatch:summary',
    ok: { status: 200, description: 'the counts' } },
  { method: 'get', path: '/dispatch/figures', summary: 'Timeliness per unit for a month (Shanghai time): times to accept, report, close, on-time rates', access: 'dispatch:figures', query: FiguresQuerySchema,
    ok: { status: 200, description: 'JSON, or CSV with a byte-order mark when format=csv', type: 'UnitMonthFigures[]', contentTypes: ['application/json', 'text/csv'] } },

  // ---- replay (backend/src/replay/routes.ts) ----
  { method: 'get', path: '/replay/sessions', summary: 'Replay sessions on every gateway', access: 'replay:use', ok: { status: 200, description: '{ items }', type: 'ReplayInfo[]' } },
  { method: 'post', path: '/replay/sessions', summary: 'Open a session, paused at `from`', access: 'replay:use', body: CreateReplaySchema,
    ok: { status: 201, description: 'the session', type: 'ReplayInfo' }, errors: ['OUT_OF_RETENTION', 'RATE_LIMITED'] },
  { method: 'get', path: '/replay/sessions/:id', summary: "The view at the replay clock and the replay's alerts", access: 'replay:use',
    ok: { status: 200, description: '{ info, view, alerts }' }, errors: ['NOT_FOUND'] },
  { method: 'post', path: '/replay/sessions/:id/control', summary: 'Play, pause, seek or change speed', access: 'replay:use', body: ReplayControlSchema,
    ok: { status: 200, description: 'the session', type: 'ReplayInfo' }, errors: ['NOT_FOUND'] },
  { method: 'delete', path: '/replay/sessions/:id', summary: 'Close a session', access: 'replay:use', ok: { status: 204, description: 'closed' }, errors: ['NOT_FOUND'] },
  { method: 'post', path: '/replay/dry-run', summary: 'The alerts a draft rule set would have raised and resolved over a recorded period', access: 'replay:use',
    body: DryRunSchema, ok: { status: 200, description: '{ from, to, rules, transitions }', type: 'AlertTransition[]' }, errors: ['OUT_OF_RETENTION', 'BUSY', 'TIMEOUT'] },
  { method: 'get', path: '/replay/density', summary: 'Events per hour or day, for the timeline', access: 'replay:use', query: DensityQuerySchema,
    ok: { status: 200, description: '{ step, points }' } },
  { method: 'get', path: '/replay/export', summary: 'The recorded entries of a range as NDJSON, in log order', access: 'replay:use', query: ExportQuerySchema,
    ok: { status: 200, description: 'one ExportLine per line', type: 'ExportLine', contentTypes: ['application/x-ndjson'] }, errors: ['OUT_OF_RETENTION', 'BUSY'] },
];
