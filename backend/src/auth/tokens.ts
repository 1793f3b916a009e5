// Signed, short-lived access tokens (and long-lived kiosk display tokens) as HS256 JWTs.
// Verification pins the algorithm, issuer and audience and insists on exp/sub/jti, so an unsigned
// ("alg":"none") token, one signed with another key or algorithm, or one that never expires is refused.
import { randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { ROLES, type Role, type TokenClaims } from '@torch/shared';

export type AuthErrorCode = 'UNAUTHENTICATED' | 'TOKEN_EXPIRED';

/** A refused token. `code` is the ERROR_CODES entry to answer with; the message is for logs only. */
export class AuthError extends Error {
  constructor(readonly code: AuthErrorCode, message: string = code) {
    super(message);
    this.name = 'AuthError';
  }
}

export interface TokenServiceOptions {
  accessTtlSeconds?: number;
  issuer?: string;
  audience?: string;
}

const ALG = 'HS256';

export class TokenService {
  readonly accessTtlSeconds: number;
  private readonly key: Uint8Array;
  private readonly issuer: string;
  private readonly audience: string;

  constructor(secret: string, { accessTtlSeconds = 900, issuer = 'torch-gateway', audience = 'torch' }: TokenServiceOptions = {}) {
    if (secret.length < 32) throw new Error('the token signing secret must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
    this.accessTtlSeconds = accessTtlSeconds;
    this.issuer = issuer;
    this.audience = audience;
  }

  /**
   * A user's access token; its jti is random and not tracked (it lives only accessTtlSeconds).
   * `sid` names the sign-in session it belongs to, which every request checks is still current.
   */
  signAccess(username: string, role: Exclude<Role, 'display'>, sid?: string): Promise<string> {
    return this.sign({ role, kind: 'access', ...(sid ? { sid } : {}) }, username, randomUUID(), Math.floor(Date.now() / 1000) + this.accessTtlSeconds);
  }

  /** A wall display's token; `jti` is the id in the display-token list, which is checked on use so it can be revoked. */
  signDisplay(jti: string, name: string, expiresAt: number): Promise<string> {
    return this.sign({ role: 'display', kind: 'display' }, name, jti, Math.floor(expiresAt / 1000));
  }

  private sign(claims: { role: Role; kind: TokenClaims['kind']; sid?: string }, sub: string, jti: string, exp: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(sub)
      .setJti(jti)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(this.key);
  }

  /** The token's claims, or an AuthError: TOKEN_EXPIRED only for a genuine token past its exp. */
  async verify(token: string): Promise<TokenClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['exp', 'sub', 'jti'],
      }));
    } catch (err) {
      // jose checks the signature before the claims, so "expired" is never said of a forged token.
      if (err instanceof errors.JWTExpired) throw new AuthError('TOKEN_EXPIRED', 'token expired');
      throw new AuthError('UNAUTHENTICATED', err instanceof Error ? err.message : 'invalid token');
    }
    const { sub, jti, exp, role, kind, sid } = payload;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') throw new AuthError('UNAUTHENTICATED', 'malformed claims');
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new AuthError('UNAUTHENTICATED', 'unknown role');
    // The display role only ever comes with a display token, and a display token only with that role.
    if ((kind !== 'access' && kind !== 'display') || (kind === 'display') !== (role === 'display')) throw new AuthError('UNAUTHENTICATED', 'role and kind disagree');
    if (sid !== undefined && typeof sid !== 'string') throw new AuthError('UNAUTHENTICATED', 'malformed claims');
    return { sub, jti, exp, role: role as Role, kind, ...(sid !== undefined ? { sid } : {}) };
  }
}
