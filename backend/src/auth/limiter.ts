// Login throttling, counted in Redis so the limits hold across every gateway: 5 attempts a minute
// for one user name from one address (guessing one password), 30 a minute from one address
// (trying many names). A successful login clears the first counter so a typo costs nothing later.
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export type LimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface LoginLimiter {
  /** Count one attempt; refused when either limit is used up. */
  consume(username: string, ip: string): Promise<LimitVerdict>;
  /** Forget the user+address counter (after a successful login). */
  reset(username: string, ip: string): Promise<void>;
}

/** `memory`: count in this process (the embedded store: one process, and the library's Lua stays out of it). */
export function createLoginLimiter(redis: Redis, prefix: string, limits = { perUserIp: 5, perIp: 30, durationSeconds: 60 }, memory = false): LoginLimiter {
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    memory ? new RateLimiterMemory({ keyPrefix, points, duration: limits.durationSeconds }) : new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: limits.durationSeconds });
  const perUserIp = make(`${prefix}auth:rl:login-user-ip`, limits.perUserIp);
  const perIp = make(`${prefix}auth:rl:login-ip`, limits.perIp);
  const userIpKey = (username: string, ip: string) => `${username}|${ip}`;
  return {
    async consume(username, ip) {
      try {
        await perIp.consume(ip);
        await perUserIp.consume(userIpKey(username, ip));
        return { ok: true };
      } catch (err) {
        // The library rejects with a RateLimiterRes when over the limit, with an Error when Redis fails.
        if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
        throw err;
      }
    },
    async reset(username, ip) {
      await perUserIp.delete(userIpKey(username, ip));
    },
  };
}
