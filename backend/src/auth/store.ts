// Accounts, sign-in sessions and display tokens in Redis, all under the deployment's key prefix so
// several gateways on one Redis share them (and a test isolates itself with its own prefix).
//
// Sessions. Each sign-in starts a session (a refresh-token family) with an id `sid` that its access
// tokens carry. Every request checks that the session still exists and is not older than the
// account's session version, which disabling, a new role, a new password or deleting the account
// moves on; signing out deletes the session. So ending a session ends its access tokens too, not
// only its refresh token. Changes are announced on a pub/sub channel so every gateway drops what it
// cached and closes the sockets concerned (see sessionCache.ts and socket/sessions.ts).
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DisplayTokenSchema, UserSchema, passwordProblem, passwordProblemText, type CreateUser, type DisplayToken, type TokenClaims, type User } from '@torch/shared';
import { hashPassword, verifyPassword } from './passwords.ts';
import { AuthError } from './tokens.ts';
import { runScript } from '../scripts/index.ts';

export type UserRole = CreateUser['role'];
/** What login may issue a token for: a user's role is never 'display'. */
export type AccountUser = User & { role: UserRole };
interface StoredUser extends AccountUser {
  hash: string;
  /** Sessions started before this version are over (absent: 0, as for accounts made before versions). */
  sessionVersion?: number;
}

/** What a session check needs of an account. */
export interface UserSessionState {
  active: boolean;
  version: number;
}
/** A session: whose, and the account's session version it is valid for. */
export interface SessionState {
  user: string;
  version: number;
}
/** Announced on the sessions channel: one account's sessions, one session, or (locally) everything. */
export type SessionChange = { user: string } | { sid: string };

export type RotateResult =
  | { kind: 'rotated'; user: AccountUser; refreshToken: string; sid: string }
  /** A spent refresh token came back: someone holds a copy, so the whole session was ended. */
  | { kind: 'reused'; username: string; sid: string };

export const REFRESH_TTL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_DISPLAY_TTL_DAYS = 365;

export function authKeys(prefix: string) {
  return {
    users: `${prefix}auth:users`,
    /** sha256(refresh token) → the session id; kept after rotation so a replayed token is recognised. */
    refresh: (sha: string) => `${prefix}auth:refresh:${sha}`,
    /** A session: hash of user, current (sha256 of its live refresh token), version. */
    session: (sid: string) => `${prefix}auth:session:${sid}`,
    /** Pub/sub channel carrying a SessionChange (JSON) whenever sessions end. */
    sessions: `${prefix}auth:sessions`,
    display: `${prefix}auth:display`,
    /** Pub/sub channel carrying the jti of each revoked display token. */
    revoked: `${prefix}auth:revoked`,
  };
}


// No 0/O, 1/l/I: the generated admin password is read off a terminal and typed in by hand.
const READABLE = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function readablePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += READABLE[randomInt(READABLE.length)];
  return out;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function publicUser({ username, displayName, role, createdAt, disabled }: StoredUser): AccountUser {
  return { username, ...(displayName ? { displayName } : {}), role, createdAt, disabled };
}

// UserSchema plus the hash and session version (its username and createdAt fields are a plain
// z.string() and z.number(); zod is shared's dependency, not ours).
const StoredUserSchema = UserSchema.extend({ hash: UserSchema.shape.username, sessionVersion: UserSchema.shape.createdAt.optional() });

/** Refuses a password the rule forbids for this account (the API checks first; this guards every other caller). */
export function assertPasswordAllowed(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new PasswordRefused(passwordProblemText(problem, 'en'));
}

export class PasswordRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordRefused';
  }
}

/** A user record, or null when absent or unreadable (a broken record must not let anyone in). */
function parseStored(raw: string | null | undefined): StoredUser | null {
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null; // not JSON: unreadable, so nobody signs in with it
  }
  const parsed = StoredUserSchema.safeParse(json);
  if (!parsed.success || parsed.data.role === 'display') return null;
  return parsed.data as StoredUser;
}

/** A display token record, or null when unreadable: treated as absent, so a broken one grants nothing. */
function parseDisplayToken(raw: string): DisplayToken | null {
  try {
    const parsed = DisplayTokenSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not JSON: as unreadable as a record that fails the schema
  }
}

/** A short-lived copy of session states, kept only while changes reach it over pub/sub (sessionCache.ts). */
export interface SessionReader {
  userSessionState(username: string): Promise<UserSessionState>;
  sessionState(sid: string): Promise<SessionState | null>;
}

export class AuthStore implements SessionReader {
  readonly keys: ReturnType<typeof authKeys>;
  /** Set by watchSessions while it is told of every change; without it every check reads Redis. */
  cache: SessionReader | null = null;
  // Compared against when the user does not exist, so an unknown name costs as long as a wrong password.
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = authKeys(prefix);
  }

  // ---- users ----

  /** The new user, or null when the name is taken. The password is not checked here: callers do. */
  async createUser(username: string, password: string, role: UserRole, displayName?: string): Promise<AccountUser | null> {
    const user: StoredUser = { username, ...(displayName ? { displayName } : {}), role, hash: await hashPassword(password), createdAt: Date.now(), disabled: false };
    const added = await this.redis.hsetnx(this.keys.users, username, JSON.stringify(user));
    return added === 1 ? publicUser(user) : null;
  }

  async getUser(username: string): Promise<AccountUser | null> {
    const user = parseStored(await this.redis.hget(this.keys.users, username));
    return user && publicUser(user);
  }

  async listUsers(): Promise<AccountUser[]> {
    const all = await this.redis.hvals(this.keys.users);
    return all.map(parseStored).filter((u): u is StoredUser => u !== null).map(publicUser).sort((a, b) => a.username.localeCompare(b.username));
  }

  /** The user when name and password match and the account is enabled; null otherwise, in about the same time. */
  async checkCredentials(username: string, password: string): Promise<AccountUser | null> {
    const user = parseStored(await this.redis.hget(this.keys.users, username));
    // bcrypt reads 72 bytes: a longer guess would match on its first 72 alone. No password that long
    // can be set any more, so it is wrong by definition (the compare still runs, for the timing).
    const tooLong = Buffer.byteLength(password) > 72;
    if (!user) {
      this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await this.dummyHash);
      return null;
    }
    const ok = await verifyPassword(password, user.hash);
    return ok && !tooLong && !user.disabled ? publicUser(user) : null;
  }

  /**
   * Change one account with compare-and-set, so two admins' changes never overwrite each other.
   * `change` returns the new record, or null to leave it. Null when there is no such user.
   */
  private async update(username: string, change: (u: StoredUser) => StoredUser | null): Promise<{ before: StoredUser; after: StoredUser } | null> {
    for (;;) {
      const raw = await this.redis.hget(this.keys.users, username);
      const before = parseStored(raw);
      if (!before || raw === null) return null;
      const after = change(before);
      if (!after) return { before, after: before };
      if ((await runScript(this.redis, 'hashCas', [this.keys.users], [username, raw, JSON.stringify(after)])) === 1) return { before, after };
    }
  }

  /** False when there is no such user. Disabling ends every session of the account. */
  async setDisabled(username: string, disabled: boolean): Promise<boolean> {
    return (await this.updateUser(username, { disabled })) !== null;
  }

  /**
   * Display name ('' removes it), role, enabled. Disabling or a new role ends the account's sessions
   * (an access token states the role it was issued with). Null when there is no such user.
   */
  async updateUser(username: string, change: { displayName?: string; role?: UserRole; disabled?: boolean }): Promise<AccountUser | null> {
    let ends = false;
    const done = await this.update(username, (u) => {
      const next: StoredUser = { ...u };
      if (change.displayName !== undefined) {
        if (change.displayName) next.displayName = change.displayName;
        else delete next.displayName;
      }
      if (change.role !== undefined) next.role = change.role;
      if (change.disabled !== undefined) next.disabled = change.disabled;
      ends = (change.role !== undefined && change.role !== u.role) || (change.disabled === true && !u.disabled);
      if (ends) next.sessionVersion = (u.sessionVersion ?? 0) + 1;
      return next;
    });
    if (!done) return null;
    // Enabling is announced too, so no gateway keeps refusing from its cache.
    if (ends || change.disabled === false) await this.announce({ user: username });
    return publicUser(done.after);
  }

  /**
   * A new password. Every session of the account ends, except `keepSid` (the session of a person
   * changing their own password carries on). Null when there is no such user.
   */
  async setPassword(username: string, password: string, keepSid?: string): Promise<AccountUser | null> {
    assertPasswordAllowed(password, username);
    const before = parseStored(await this.redis.hget(this.keys.users, username));
    if (!before) return null;
    const hash = await hashPassword(password);
    const version = (before.sessionVersion ?? 0) + 1;
    // The kept session moves to the new version first, so it is never briefly out of date.
    if (keepSid && (await this.redis.hget(this.keys.session(keepSid), 'user')) === username) {
      await this.redis.hset(this.keys.session(keepSid), 'version', String(version));
    }
    const done = await this.update(username, (u) => ({ ...u, hash, sessionVersion: Math.max(version, (u.sessionVersion ?? 0) + 1) }));
    await this.announce({ user: username });
    return done && publicUser(done.after);
  }

  /** Check a person's current password (for changing it); false for a wrong one or no such account. */
  async verifyCurrentPassword(username: string, password: string): Promise<boolean> {
    return (await this.checkCredentials(username, password)) !== null;
  }

  /** False when there is no such user. Its sessions end with it (the session check finds no account). */
  async deleteUser(username: string): Promise<boolean> {
    if ((await this.redis.hdel(this.keys.users, username)) === 0) return false;
    await this.announce({ user: username });
    return true;
  }

  /** Login name → display name of every account that has one. */
  async displayNames(): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    for (const u of await this.listUsers()) if (u.displayName) names[u.username] = u.displayName;
    return names;
  }

  /**
   * Creates `admin` when there are no users at all; returns its password so the caller can print it
   * once, or null when users already exist (or another gateway created the admin first).
   */
  async ensureInitialAdmin(passwordFromEnv?: string): Promise<{ username: 'admin'; password: string } | null> {
    if ((await this.redis.hlen(this.keys.users)) > 0) return null; // skip the bcrypt cost on every later start
    if (passwordFromEnv) {
      const problem = passwordProblem(passwordFromEnv, 'admin');
      if (problem) throw new Error(`the initial admin password from the environment (TORCH_ADMIN_PASSWORD) is refused: ${passwordProblemText(problem, 'en')}`);
    }
    const password = passwordFromEnv || readablePassword();
    const user: StoredUser = { username: 'admin', role: 'admin', hash: await hashPassword(password), createdAt: Date.now(), disabled: false };
    const created = await runScript(this.redis, 'createFirstUser', [this.keys.users], ['admin', JSON.stringify(user)]);
    return created === 1 ? { username: 'admin', password } : null;
  }

  // ---- sessions and refresh tokens ----
  // Refresh tokens are opaque random strings; Redis holds only their SHA-256, so a copy of Redis
  // yields no usable token.

  /** Start a session for a user who just signed in: its id and first refresh token. */
  async startSession(username: string): Promise<{ sid: string; refreshToken: string }> {
    const raw = parseStored(await this.redis.hget(this.keys.users, username));
    const sid = randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    const sha = sha256(refreshToken);
    await this.redis.multi()
      .hset(this.keys.session(sid), 'user', username, 'current', sha, 'version', String(raw?.sessionVersion ?? 0))
      .expire(this.keys.session(sid), REFRESH_TTL_SECONDS)
      .set(this.keys.refresh(sha), sid, 'EX', REFRESH_TTL_SECONDS)
      .exec();
    return { sid, refreshToken };
  }

  /** A refresh token for a new session (kept for callers that need only the token). */
  async issueRefresh(username: string): Promise<string> {
    return (await this.startSession(username)).refreshToken;
  }

  /**
   * Single use. The session records which of its refresh tokens is current, and the swap to the new
   * one is a compare-and-set, so of two concurrent uses only one succeeds. A token that was current
   * once but is not any more (a replay of a stolen copy, or of the copy the thief already used) ends
   * the whole session: 'reused'. Null when the token is unknown or expired, or the session or account is over.
   */
  async rotateRefresh(token: string): Promise<RotateResult | null> {
    const sha = sha256(token);
    const sid = await this.redis.get(this.keys.refresh(sha));
    if (sid === null) return null;
    const session = await this.sessionState(sid);
    if (!session) return null;
    const user = await this.userSessionState(session.user);
    if (!user.active || session.version < user.version) return null;
    const next = randomBytes(32).toString('base64url');
    const nextSha = sha256(next);
    if ((await runScript(this.redis, 'hashCas', [this.keys.session(sid)], ['current', sha, nextSha])) !== 1) {
      await this.endSession(sid);
      return { kind: 'reused', username: session.user, sid };
    }
    await this.redis.multi()
      .set(this.keys.refresh(nextSha), sid, 'EX', REFRESH_TTL_SECONDS)
      .expire(this.keys.session(sid), REFRESH_TTL_SECONDS)
      // the spent token stays known, as long as its session can live, to catch its replay
      .expire(this.keys.refresh(sha), REFRESH_TTL_SECONDS)
      .exec();
    const account = await this.getUser(session.user);
    if (!account) return null;
    return { kind: 'rotated', user: account, refreshToken: next, sid };
  }

  /** Sign out: the session of this refresh token ends, access tokens and sockets included. */
  async revokeRefresh(token: string): Promise<boolean> {
    const sid = await this.redis.get(this.keys.refresh(sha256(token)));
    return sid !== null && (await this.endSession(sid));
  }

  /** End one session on every gateway. False when it had already ended. */
  async endSession(sid: string): Promise<boolean> {
    const ended = (await this.redis.del(this.keys.session(sid))) === 1;
    await this.announce({ sid });
    return ended;
  }

  /** The session, or null when it ended or never was (uncached). */
  async sessionState(sid: string): Promise<SessionState | null> {
    const [user, version] = await this.redis.hmget(this.keys.session(sid), 'user', 'version');
    return user ? { user, version: Number(version ?? 0) } : null;
  }

  /** Whether an account may have sessions, and from which version on (uncached). */
  async userSessionState(username: string): Promise<UserSessionState> {
    const user = parseStored(await this.redis.hget(this.keys.users, username));
    return { active: user !== null && !user.disabled, version: user?.sessionVersion ?? 0 };
  }

  /**
   * Throws AuthError when the token's session is over: the account gone or disabled, the session
   * signed out or older than the account's session version. Display tokens are checked elsewhere.
   * Tokens from before sessions were tracked (no sid) are held to the account alone.
   */
  async checkSession(claims: TokenClaims): Promise<void> {
    if (claims.kind !== 'access') return;
    const read = this.cache ?? this;
    const user = await read.userSessionState(claims.sub);
    if (!user.active) throw new AuthError('UNAUTHENTICATED', 'account disabled or removed');
    if (claims.sid === undefined) return;
    const session = await read.sessionState(claims.sid);
    if (!session || session.user !== claims.sub || session.version < user.version) throw new AuthError('UNAUTHENTICATED', 'session ended');
  }

  private async announce(change: SessionChange): Promise<void> {
    await this.redis.publish(this.keys.sessions, JSON.stringify(change));
  }

  // ---- display tokens ----

  async createDisplayToken(name: string, createdBy: string, ttlDays: number = DEFAULT_DISPLAY_TTL_DAYS): Promise<DisplayToken> {
    const createdAt = Date.now();
    const token: DisplayToken = { id: randomUUID(), name, createdBy, createdAt, expiresAt: createdAt + ttlDays * 86_400_000 };
    await this.redis.hset(this.keys.display, token.id, JSON.stringify(token));
    return token;
  }

  /** Tokens still in force, oldest first; expired ones are dropped from Redis on the way. */
  async listDisplayTokens(): Promise<DisplayToken[]> {
    const all = await this.redis.hgetall(this.keys.display);
    const now = Date.now();
    const live: DisplayToken[] = [];
    const expired: string[] = [];
    for (const [id, raw] of Object.entries(all)) {
      const token = parseDisplayToken(raw);
      if (token && token.expiresAt > now) live.push(token);
      else expired.push(id);
    }
    if (expired.length > 0) await this.redis.hdel(this.keys.display, ...expired);
    return live.sort((a, b) => a.createdAt - b.createdAt);
  }

  async isDisplayTokenActive(jti: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.display, jti)) === 1;
  }

  /** False when no such token. Announces the jti on the revoked channel so every gateway drops its sockets. */
  async revokeDisplayToken(jti: string): Promise<boolean> {
    if ((await this.redis.hdel(this.keys.display, jti)) === 0) return false;
    await this.redis.publish(this.keys.revoked, jti);
    return true;
  }
}
