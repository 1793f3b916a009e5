// REST endpoints for signing in and out, for managing accounts (an admin's) and one's own password,
// and for wall-display links. Mounted under /api after express.json(); every body is checked against
// the shared zod schemas. What people do to accounts, and a replayed refresh token, are audited.
import express, { type Request, type Response } from 'express';
import {
  ChangePasswordSchema, CreateDisplayTokenSchema, CreateUserSchema, LoginRequestSchema, PASSWORD_PROBLEMS, RefreshRequestSchema, ResetPasswordSchema,
  UpdateUserSchema, UsernameSchema, passwordProblem, type Permission, type Role, type Session, type TokenClaims,
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

/** Writes one entry of the audit trail (the alerts' trail, which the console shows). */
export type AuthAudit = (entry: { action: string; by: string; target: string; comment: string }) => Promise<unknown>;

export interface AuthRouterDeps {
  tokens: TokenService;
  store: AuthStore;
  limiter: LoginLimiter;
  log: AuthLog;
  /** Where account changes and refresh-token replays are recorded; without it they are only logged. */
  audit?: AuthAudit;
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

/** The account named in the path, or undefined after answering 404 (a malformed name names nobody). */
function accountParam(req: Request, res: Response): string | undefined {
  const parsed = UsernameSchema.safeParse(req.params.username);
  if (parsed.success) return parsed.data;
  sendFailure(res, 'NOT_FOUND');
  return undefined;
}

export function createAuthRouter({ tokens, store, limiter, log, audit, extraPermissions }: AuthRouterDeps): express.Router {
  const router = express.Router();
  const auth = authenticate(tokens, store);

  const record = async (action: string, by: string, target: string, comment: string) => {
    log.info({ action, by, target, comment }, 'account change');
    if (audit) await audit({ action, by, target, comment }).catch((e: Error) => log.warn({ err: e.message, action, target }, 'could not audit an account change'));
  };

  const sendSession = async (res: Response, user: AccountUser, refreshToken: string, sid: string) => {
    const session: Session = {
      accessToken: await tokens.signAccess(user.username, user.role, sid),
      expiresIn: tokens.accessTtlSeconds,
      refreshToken,
      username: user.username,
      ...(user.displayName ? { displayName: user.displayName } : {}),
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
    const started = await store.startSession(user.username);
    await sendSession(res, user, started.refreshToken, started.sid);
  });

  router.post('/auth/refresh', async (req, res) => {
    const body = parseBody(RefreshRequestSchema, req, res);
    if (!body) return;
    const rotated = await store.rotateRefresh(body.refreshToken);
    if (rotated?.kind === 'reused') {
      // Two holders of one session (a stolen copy): whichever came second, the session is over for both.
      log.warn({ username: rotated.username, sid: rotated.sid, ip: req.ip }, 'spent refresh token presented again: session ended');
      await record('refresh-reused', 'system', `user:${rotated.username}`, `a spent refresh token was presented again from ${req.ip ?? 'unknown'}; the whole session was ended`);
      return sendFailure(res, 'UNAUTHENTICATED');
    }
    if (!rotated) return sendFailure(res, 'UNAUTHENTICATED');
    await sendSession(res, rotated.user, rotated.refreshToken, rotated.sid);
  });

  // No access token needed: the refresh token is the credential being given up, and signing out
  // must work after the access token has expired. The session's access tokens stop working too.
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

  // Anyone signed in changes their own password with the current one. Their other sessions end;
  // this one goes on. Wrong current passwords count against the login limit (no guessing here).
  router.post('/auth/password', auth, requirePermission('password:change'), async (req, res) => {
    const me = caller(res);
    const body = parseBody(ChangePasswordSchema, req, res);
    if (!body) return;
    if (passwordProblem(body.newPassword, me.sub) === 'contains-name') return sendFailure(res, 'BAD_REQUEST', `newPassword: ${PASSWORD_PROBLEMS['contains-name'].en}`, 'newPassword');
    const ip = req.ip ?? 'unknown';
    const verdict = await limiter.consume(me.sub, ip);
    if (!verdict.ok) {
      res.set('Retry-After', String(verdict.retryAfterSeconds));
      return sendFailure(res, 'RATE_LIMITED');
    }
    // 400, not 401: the caller is signed in; only the password they typed is wrong.
    if (!(await store.verifyCurrentPassword(me.sub, body.oldPassword))) return sendFailure(res, 'BAD_REQUEST', 'oldPassword: the current password is wrong', 'oldPassword');
    await limiter.reset(me.sub, ip);
    if (!(await store.setPassword(me.sub, body.newPassword, me.sid))) return sendFailure(res, 'NOT_FOUND');
    await record('password-changed', me.sub, `user:${me.sub}`, 'own password changed; other sessions ended');
    res.status(204).end();
  });

  router.get('/users', auth, requirePermission('users:manage'), async (_req, res) => {
    res.json(await store.listUsers());
  });

  // Display names for people reading the audit trail and acknowledgements (login names are ids, not names).
  router.get('/users/names', auth, requirePermission('alerts:audit'), async (_req, res) => {
    res.json({ names: await store.displayNames() });
  });

  router.post('/users', auth, requirePermission('users:manage'), async (req, res) => {
    const body = parseBody(CreateUserSchema, req, res);
    if (!body) return;
    const user = await store.createUser(body.username, body.password, body.role, body.displayName);
    if (!user) return sendFailure(res, 'CONFLICT', 'That user name is already taken', 'username');
    await record('user-created', caller(res).sub, `user:${user.username}`, `role ${user.role}${user.displayName ? `, display name ${user.displayName}` : ''}`);
    res.status(201).json(user);
  });

  router.patch('/users/:username', auth, requirePermission('users:manage'), async (req, res) => {
    const username = accountParam(req, res);
    if (!username) return;
    const body = parseBody(UpdateUserSchema, req, res);
    if (!body) return;
    const me = caller(res).sub;
    // An admin cannot lock themselves out: someone else (or the admin CLI) must do that.
    if (username === me && body.disabled === true) return sendFailure(res, 'BAD_REQUEST', 'disabled: you cannot disable your own account', 'disabled');
    if (username === me && body.role !== undefined && body.role !== 'admin') return sendFailure(res, 'BAD_REQUEST', 'role: you cannot take the administrator role from yourself', 'role');
    const before = await store.getUser(username);
    const user = before && (await store.updateUser(username, body));
    if (!before || !user) return sendFailure(res, 'NOT_FOUND');
    const changes = [
      body.disabled !== undefined && body.disabled !== before.disabled ? (body.disabled ? 'disabled; sessions ended' : 'enabled') : null,
      body.role !== undefined && body.role !== before.role ? `role ${before.role} → ${body.role}; sessions ended` : null,
      body.displayName !== undefined && body.displayName !== (before.displayName ?? '') ? `display name ${before.displayName ?? '—'} → ${body.displayName || '—'}` : null,
    ].filter((c): c is string => c !== null);
    if (changes.length > 0) {
      const action = body.disabled === true && !before.disabled ? 'user-disabled' : body.disabled === false && before.disabled ? 'user-enabled' : 'user-updated';
      await record(action, me, `user:${username}`, changes.join('; '));
    }
    res.json(user);
  });

  router.delete('/users/:username', auth, requirePermission('users:manage'), async (req, res) => {
    const username = accountParam(req, res);
    if (!username) return;
    if (username === caller(res).sub) return sendFailure(res, 'BAD_REQUEST', 'username: you cannot delete your own account', 'username');
    if (!(await store.deleteUser(username))) return sendFailure(res, 'NOT_FOUND');
    await record('user-deleted', caller(res).sub, `user:${username}`, 'account deleted; sessions ended');
    res.status(204).end();
  });

  // For someone who lost their password: every session of theirs ends (an admin resetting their own keeps this one).
  router.post('/users/:username/password', auth, requirePermission('users:manage'), async (req, res) => {
    const username = accountParam(req, res);
    if (!username) return;
    const body = parseBody(ResetPasswordSchema, req, res);
    if (!body) return;
    if (passwordProblem(body.password, username) === 'contains-name') return sendFailure(res, 'BAD_REQUEST', `password: ${PASSWORD_PROBLEMS['contains-name'].en}`, 'password');
    const me = caller(res);
    if (!(await store.setPassword(username, body.password, username === me.sub ? me.sid : undefined))) return sendFailure(res, 'NOT_FOUND');
    await record('password-reset', me.sub, `user:${username}`, 'password set by an administrator; sessions ended');
    res.status(204).end();
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
