// Who is calling. `authenticate` only identifies (it never answers), so it can run in front of
// public routes too; `requireAuth` / `requirePermission` decide, with the fixed error bodies.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES, can, failure, type ErrorCode, type Permission, type TokenClaims } from '@torch/shared';
import { AuthError, type AuthErrorCode, type TokenService } from './tokens.ts';
import type { AuthStore } from './store.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The verified caller, set by `authenticate`. */
      auth?: TokenClaims;
      /** Why a presented token was refused, so the 401 can say "expired" rather than "sign in". */
      authError?: AuthErrorCode;
    }
  }
}

/** The verified caller, typed (res.locals is `any`-indexed, so the augmentation above alone does not narrow). */
export function authOf(res: Response): TokenClaims | undefined {
  return res.locals.auth as TokenClaims | undefined;
}

export function sendFailure(res: Response, code: ErrorCode, message?: string, field?: string): void {
  res.status(ERROR_CODES[code].status).json(failure(code, message, field));
}

/**
 * Verify a token and that it still stands: a display token not revoked, a user's session not ended
 * (signed out, account disabled, removed, re-passworded or given a new role). Shared with the socket layer.
 */
export async function authenticateToken(token: string, tokens: TokenService, store: AuthStore): Promise<TokenClaims> {
  const claims = await tokens.verify(token);
  if (claims.kind === 'display' && !(await store.isDisplayTokenActive(claims.jti))) throw new AuthError('UNAUTHENTICATED', 'display token revoked');
  await store.checkSession(claims);
  return claims;
}

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function authenticate(tokens: TokenService, store: AuthStore): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (authOf(res) || res.locals.authError) return next(); // already done by an outer mount
    const fromHeader = bearer(req);
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const token = fromHeader ?? fromQuery;
    if (!token) return next();
    try {
      const claims = await authenticateToken(token, tokens, store);
      // A URL ends up in logs, history and Referer headers: only a kiosk's display token may travel
      // there, never a user's access token.
      if (!fromHeader && claims.kind !== 'display') throw new AuthError('UNAUTHENTICATED', 'access token in URL');
      res.locals.auth = claims;
    } catch (err) {
      if (!(err instanceof AuthError)) throw err; // Redis trouble etc.: the app's error handler answers
      res.locals.authError = err.code;
    }
    next();
  };
}

/** 401 unless `authenticate` accepted a token. */
export function requireAuth(): RequestHandler {
  return (_req, res, next) => {
    if (!authOf(res)) return sendFailure(res, (res.locals.authError as AuthErrorCode | undefined) ?? 'UNAUTHENTICATED');
    next();
  };
}

/** 401 when not signed in, 403 when the caller's role lacks the permission. */
export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const auth = authOf(res);
    if (!auth) return sendFailure(res, (res.locals.authError as AuthErrorCode | undefined) ?? 'UNAUTHENTICATED');
    if (!can(auth.role, permission)) return sendFailure(res, 'FORBIDDEN');
    next();
  };
}
