// The OpenAPI 3.1 document of the REST API, generated from the route table (routes.ts) and its zod
// schemas by zod's own z.toJSONSchema (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses).
// Response bodies without a zod schema are named by their TypeScript type in @torch/shared.
import { z } from 'zod';
import { PERMISSIONS, type Role } from './auth.ts';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { API_ROUTES, type ApiRoute } from './routes.ts';

type Json = Record<string, unknown>;

/** Where the routers are mounted. */
export const API_PREFIX = '/api';

/** `/alerts/:id` (Express) → `/api/alerts/{id}` (OpenAPI). */
export function openApiPath(expressPath: string): string {
  return API_PREFIX + expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  // Refinements (e.g. "to after from") have no JSON Schema form and are left out; the gateway
  // still applies them and answers 400 naming the field.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const FailureSchema = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    field: z.string().optional().describe('the offending field, for BAD_REQUEST'),
  }),
}).describe('Every REST error: one of the fixed codes of shared/src/api/errors.ts');

function rolesOf(route: ApiRoute): readonly Role[] | null {
  return route.access === 'public' || route.access === 'signed-in' ? null : PERMISSIONS[route.access];
}

function parameters(route: ApiRoute): Json[] {
  const params: Json[] = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (route.query) {
    const s = jsonSchema(route.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(s.properties ?? {})) {
      const { description, ...rest } = schema;
      params.push({ name, in: 'query', required: (s.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  return params;
}

function responses(route: ApiRoute): Json {
  const { ok } = route;
  const types = ok.contentTypes ?? ['application/json'];
  const okSchema: Json = ok.schema ? jsonSchema(ok.schema, 'output') : {};
  const out: Json = {
    [ok.status]: {
      description: ok.type ? `${ok.description} (${ok.type} in @torch/shared)` : ok.description,
      ...(ok.status === 204 ? {} : { content: Object.fromEntries(types.map((t) => [t, { schema: t === 'application/json' ? okSchema : { type: 'string' } }])) }),
    },
  };
  const codes = new Set<ErrorCode>(route.errors ?? []);
  if (route.query || route.body) codes.add('BAD_REQUEST');
  if (route.body) codes.add('PAYLOAD_TOO_LARGE');
  if (route.access !== 'public') {
    codes.add('UNAUTHENTICATED');
    codes.add('TOKEN_EXPIRED');
  }
  if (rolesOf(route)) codes.add('FORBIDDEN');
  codes.add('RATE_LIMITED'); // per client IP, on every /api route
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[status] = { description: list.map((c) => `${c}: ${ERROR_CODES[c].en}`).join('; '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } } };
  }
  out.default = { description: 'INTERNAL or UNAVAILABLE', content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } } };
  return out;
}

function operationId(route: ApiRoute): string {
  const words = route.path.split('/').filter(Boolean).flatMap((seg) => (seg.startsWith(':') ? ['by', seg.slice(1)] : seg.split(/[-.]/)));
  return route.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function tagOf(route: ApiRoute): string {
  const first = route.path.split('/')[1]!;
  if (['auth', 'users', 'display-tokens'].includes(first)) return 'accounts';
  return first === 'alerts' || first === 'replay' ? first : 'center';
}

function operation(route: ApiRoute): Json {
  const roles = rolesOf(route);
  const who = route.access === 'public' ? 'Anyone.' : route.access === 'signed-in' ? 'Any valid token.' : `Needs ${route.access}: ${roles!.join(', ')}${route.accessNote ? ` (${route.accessNote})` : ''}.`;
  const security = route.access === 'public' ? [] : route.access === 'signed-in' || roles!.includes('display') ? [{ bearer: [] }, { displayToken: [] }] : [{ bearer: [] }];
  const params = parameters(route);
  return {
    operationId: operationId(route),
    tags: [tagOf(route)],
    summary: route.summary,
    description: who,
    'x-access': route.access,
    ...(roles ? { 'x-roles': roles } : {}),
    security,
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
    responses: responses(route),
  };
}

/** The document for `routes` (by default every route of the gateway). */
export function openApiDocument(version: string, routes: readonly ApiRoute[] = API_ROUTES): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Torch Command Center (数字火炬指挥调度中心) REST API',
      version,
      description: 'JSON over HTTP under /api. Errors are { ok: false, error: { code, message, field? } } with the fixed codes of '
        + 'shared/src/api/errors.ts. Bodies are at most 16 KB; requests are rate-limited per client IP. Live figures and alerts '
        + 'also arrive over Socket.IO (/socket.io), which this document does not cover: see shared/src/api/socket.ts.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'accounts', description: 'Signing in, accounts and kiosk links' },
      { name: 'center', description: 'Health, parks, metrics, feeds, dead letters' },
      { name: 'alerts', description: 'Alerts, silences, rules and the audit trail' },
      { name: 'replay', description: 'Replay sessions, dry runs of draft rules, export' },
    ],
    paths,
    components: {
      schemas: { Failure: jsonSchema(FailureSchema, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /api/auth/login, or a display token' },
        displayToken: { type: 'apiKey', in: 'query', name: 'token', description: "A wall's read-only display token (only display tokens are accepted in a URL)" },
      },
    },
  };
}
