// REST endpoints for signing in and for managing accounts and wall-display links. Mounted under
// /api after express.json(); every body is checked against the shared zod schemas.
import express, { type Request, type Response } from 'express';
import {
  CreateDisplayTokenSchema, CreateUserSchema, LoginRequestSchema, RefreshRequestSchema,
  type Permission, type Role, type Session, type TokenClaims,
} from '@torch/shared';
import { authOf, authenticate, requireAuth, requirePermission, sendFailure } from './middleware.ts';
import type { LoginLimiter } from './limiter.ts';
import type { AccountUser, AuthStore } from './store.ts';
import type { TokenService } from './tokens.ts';

/** The part of a pino logger the router uses. */
export interface AuthLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface AuthRouterDeps {
  tokens: TokenService;
  store: AuthStore;
  limiter: LoginLimiter;
  log: AuthLog;
  /** Permissions this deployment grants a role beyond the shared table (sent with the session). */
  extraPermissions?: (role: Role) => Permission[];
}

// Structural view of a zod schema, so this file needs no zod import of its own.
interface Issue {
  path: PropertyKey[];
  message: string;
  keys?: string[];
}
interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } };
}

/** The parsed body, or undefined after answering 400 naming the first offending field. */
function parseBody<T>(schema: Schema<T>, req: Request, res: Response): T | undefined {
  const result = schema.safeParse(req.body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // An unknown key (the schemas are strict) is reported on the object itself; name the key instead.
  const field = issue ? (issue.path.map(String).join('.') || issue.keys?.[0]) : undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'invalid body';
  sendFailure(res, 'BAD_REQUEST', message, field);
  return undefined;
}

/** The caller; only for handlers behind requireAuth/requirePermission. */
function caller(res: Response): TokenClaims {
  const auth = authOf(res);
  if (!auth) throw new Error('route reached without authentication');
  return auth;
}

export function createAuthRouter({ tokens, store, limiter, log, extraPermissions }: AuthRouterDeps): express.Router {
  const router = express.Router();
  const auth = authenticate(tokens, store);

  const sendSession = async (res: Response, user: AccountUser, refreshToken: string) => {
    const session: Session = {
      accessToken: await tokens.signAccess(user.username, user.role),
      expiresIn: tokens.accessTtlSeconds,
      refreshToken,
      username: user.username,
      role: user.role,
      extraPermissions: extraPermissions?.(user.role) ?? [],
    };
    res.set('Cache-Control', 'no-store').json(session);
  };

  router.post('/auth/login', async (req, res) => {
    const body = parseBody(LoginRequestSchema, req, res);
    if (!body) return;
    const ip = req.ip ?? 'unknown';
    // Counted before bcrypt runs, so a flood of guesses costs us little CPU.
    const verdict = await limiter.consume(body.username, ip);
    if (!verdict.ok) {
      log.warn({ username: body.username, ip }, 'login rate limited');
      res.set('Retry-After', String(verdict.retryAfterSeconds));
      return sendFailure(res, 'RATE_LIMITED');
    }
    const user = await store.checkCredentials(body.username, body.password);
    if (!user) {
      // One answer for unknown user, wrong password and disabled account: no probing for names.
      log.warn({ username: body.username, ip }, 'login refused');
      return sendFailure(res, 'INVALID_CREDENTIALS');
    }
    await limiter.reset(body.username, ip);
    log.info({ username: user.username, role: user.role, ip }, 'signed in');
    await sendSession(res, user, await store.issueRefresh(user.username));
  });

  router.post('/auth/refresh', async (req, res) => {
    const body = parseBody(RefreshRequestSchema, req, res);
    if (!body) return;
    const rotated = await store.rotateRefresh(body.refreshToken);
    if (!rotated) return sendFailure(res, 'UNAUTHENTICATED');
    await sendSession(res, rotated.user, rotated.refreshToken);
  });

  // No access token needed: the refresh token is the credential being given up, and signing out
  // must work after the access token has expired.
  router.post('/auth/logout', async (req, res) => {
    const body = parseBody(RefreshRequestSchema, req, res);
    if (!body) return;
    await store.revokeRefresh(body.refreshToken);
    res.status(204).end();
  });

  router.get('/auth/me', auth, requireAuth(), (_req, res) => {
    const { sub, role, kind } = caller(res);
    res.json({ username: sub, role, kind });
  });

  router.get('/users', auth, requirePermission('users:manage'), async (_req, res) => {
    res.json(await store.listUsers());
  });

  router.post('/users', auth, requirePermission('users:manage'), async (req, res) => {
    const body = parseBody(CreateUserSchema, req, res);
    if (!body) return;
    const user = await store.createUser(body.username, body.password, body.role);
    if (!user) return sendFailure(res, 'CONFLICT', 'That user name is already taken', 'username');
    log.info({ username: user.username, role: user.role, by: caller(res).sub }, 'user created');
    res.status(201).json(user);
  });

  router.get('/display-tokens', auth, requirePermission('display-tokens:manage'), async (_req, res) => {
    res.json(await store.listDisplayTokens());
  });

  router.post('/display-tokens', auth, requirePermission('display-tokens:manage'), async (req, res) => {
    const body = parseBody(CreateDisplayTokenSchema, req, res);
    if (!body) return;
    const created = await store.createDisplayToken(body.name, caller(res).sub, body.ttlDays);
    const token = await tokens.signDisplay(created.id, created.name, created.expiresAt);
    log.info({ id: created.id, name: created.name, by: caller(res).sub }, 'display token created');
    res.status(201).set('Cache-Control', 'no-store').json({ token, id: created.id, url: `/wall?token=${encodeURIComponent(token)}` });
  });

  router.delete('/display-tokens/:id', auth, requirePermission('display-tokens:manage'), async (req, res) => {
    const id = req.params.id;
    if (typeof id !== 'string' || !(await store.revokeDisplayToken(id))) return sendFailure(res, 'NOT_FOUND');
    log.info({ id, by: caller(res).sub }, 'display token revoked');
    res.status(204).end();
  });

  return router;
}
