// Accounts, tokens and permission checks for the gateway (REST now, sockets via authenticateToken).
export { hashPassword, verifyPassword } from './passwords.ts';
export { loadSigningSecret, MIN_SECRET_LENGTH } from './secret.ts';
export { AuthError, TokenService, type AuthErrorCode, type TokenServiceOptions } from './tokens.ts';
export { AuthStore, authKeys, REFRESH_TTL_SECONDS, DEFAULT_DISPLAY_TTL_DAYS, type AccountUser, type UserRole } from './store.ts';
export { createLoginLimiter, type LimitVerdict, type LoginLimiter } from './limiter.ts';
export { authOf, authenticate, authenticateToken, requireAuth, requirePermission, sendFailure } from './middleware.ts';
export { createAuthRouter, type AuthLog, type AuthRouterDeps } from './routes.ts';
