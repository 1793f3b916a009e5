// Accounts, tokens and permission checks for the gateway (REST now, sockets via authenticateToken).
export { hashPassword, verifyPassword } from './passwords.ts';
export { loadSigningSecret, MIN_SECRET_LENGTH } from './secret.ts';
export { AuthError, TokenService, type AuthErrorCode, type TokenServiceOptions } from './tokens.ts';
export {
  AuthStore, PasswordRefused, assertPasswordAllowed, authKeys, REFRESH_TTL_SECONDS, DEFAULT_DISPLAY_TTL_DAYS,
  type AccountUser, type RotateResult, type SessionChange, type UserRole,
} from './store.ts';
export { SESSION_CACHE_MS, SessionCache, watchSessions } from './sessionCache.ts';
export { createLoginLimiter, type LimitVerdict, type LoginLimiter } from './limiter.ts';
export { authOf, authenticate, authenticateToken, requireAuth, requirePermission, sendFailure } from './middleware.ts';
export { createAuthRouter, type AuthAudit, type AuthLog, type AuthRouterDeps } from './routes.ts';
