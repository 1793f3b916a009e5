// A per-client request budget for the API, counted in Redis so it holds across gateways.
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { sendFailure } from '../auth/index.ts';

/** `memory`: count in this process (on the embedded store, which runs in this one process). */
export function apiRateLimit(redis: Redis, prefix: string, perMinute: number, memory = false): RequestHandler {
  const limiter = memory ? new RateLimiterMemory({ keyPrefix: `${prefix}rl:api`, points: perMinute, duration: 60 }) : new RateLimiterRedis({
    storeClient: redis, keyPrefix: `${prefix}rl:api`, points: perMinute, duration: 60,
    // While Redis is unreachable, count in memory rather than refuse everyone or no one.
    insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: 60 }),
  });
  return async (req, res, next) => {
    try {
      await limiter.consume(req.ip ?? 'unknown');
      next();
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        res.set('Retry-After', String(Math.ceil(e.msBeforeNext / 1000)));
        return sendFailure(res, 'RATE_LIMITED');
      }
      next(e);
    }
  };
}
