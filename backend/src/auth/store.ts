// Accounts, refresh tokens and display tokens in Redis, all under the deployment's key prefix so
// several gateways on one Redis share them (and a test isolates itself with its own prefix).
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DisplayTokenSchema, PasswordSchema, UserSchema, type CreateUser, type DisplayToken, type User } from '@torch/shared';
import { hashPassword, verifyPassword } from './passwords.ts';
import { runScript } from '../scripts/index.ts';

export type UserRole = CreateUser['role'];
/** What login may issue a token for: a user's role is never 'display'. */
export type AccountUser = User & { role: UserRole };
interface StoredUser extends AccountUser {
  hash: string;
}

export const REFRESH_TTL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_DISPLAY_TTL_DAYS = 365;

export function authKeys(prefix: string) {
  return {
    users: `${prefix}auth:users`,
    refresh: (sha: string) => `${prefix}auth:refresh:${sha}`,
    display: `${prefix}auth:display`,
    /** Pub/sub channel carrying the jti of each revoked display token. */
    revoked: `${prefix}auth:revoked`,
  };
}


// No 0/O, 1/l/I: the generated admin password is read off a terminal and typed in by hand.
const READABLE = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function readablePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += READABLE[randomInt(READABLE.length)];
  return out;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function publicUser({ username, role, createdAt, disabled }: StoredUser): AccountUser {
  return { username, role, createdAt, disabled };
}

// UserSchema plus the hash (its username field is a plain z.string(); zod is shared's dependency, not ours).
const StoredUserSchema = UserSchema.extend({ hash: UserSchema.shape.username });

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

export class AuthStore {
  readonly keys: ReturnType<typeof authKeys>;
  // Compared against when the user does not exist, so an unknown name costs as long as a wrong password.
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = authKeys(prefix);
  }

  // ---- users ----

  /** The new user, or null when the name is taken. */
  async createUser(username: string, password: string, role: UserRole): Promise<AccountUser | null> {
    const user: StoredUser = { username, role, hash: await hashPassword(password), createdAt: Date.now(), disabled: false };
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
    if (!user) {
      this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await this.dummyHash);
      return null;
    }
    const ok = await verifyPassword(password, user.hash);
    return ok && !user.disabled ? publicUser(user) : null;
  }

  /** False when there is no such user. */
  async setDisabled(username: string, disabled: boolean): Promise<boolean> {
    for (;;) {
      const raw = await this.redis.hget(this.keys.users, username);
      const user = parseStored(raw);
      if (!user || raw === null) return false;
      const next = JSON.stringify({ ...user, disabled });
      if ((await runScript(this.redis, 'hashCas', [this.keys.users], [username, raw, next])) === 1) return true;
    }
  }

  /**
   * Creates `admin` when there are no users at all; returns its password so the caller can print it
   * once, or null when users already exist (or another gateway created the admin first).
   */
  async ensureInitialAdmin(passwordFromEnv?: string): Promise<{ username: 'admin'; password: string } | null> {
    if ((await this.redis.hlen(this.keys.users)) > 0) return null; // skip the bcrypt cost on every later start
    if (passwordFromEnv && !PasswordSchema.safeParse(passwordFromEnv).success) {
      throw new Error('the initial admin password from the environment must be 10 to 200 characters');
    }
    const password = passwordFromEnv || readablePassword();
    const user: StoredUser = { username: 'admin', role: 'admin', hash: await hashPassword(password), createdAt: Date.now(), disabled: false };
    const created = await runScript(this.redis, 'createFirstUser', [this.keys.users], ['admin', JSON.stringify(user)]);
    return created === 1 ? { username: 'admin', password } : null;
  }

  // ---- refresh tokens ----
  // Opaque random strings; Redis holds only their SHA-256, so a copy of Redis yields no usable token.

  async issueRefresh(username: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.keys.refresh(sha256(token)), username, 'EX', REFRESH_TTL_SECONDS);
    return token;
  }

  /**
   * Single use: GETDEL makes the old token dead before a new one exists, so of two concurrent uses
   * only one succeeds. Null when the token is unknown, spent or expired, or the account is gone or disabled.
   */
  async rotateRefresh(token: string): Promise<{ user: AccountUser; refreshToken: string } | null> {
    const username = await this.redis.getdel(this.keys.refresh(sha256(token)));
    if (username === null) return null;
    const user = await this.getUser(username);
    if (!user || user.disabled) return null;
    return { user, refreshToken: await this.issueRefresh(username) };
  }

  async revokeRefresh(token: string): Promise<boolean> {
    return (await this.redis.del(this.keys.refresh(sha256(token)))) === 1;
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
