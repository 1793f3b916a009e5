// The simulators' Redis connection: reconnects forever with capped backoff and says so in the log,
// once per outage rather than once per retry, and commands wait for the connection instead of failing.
import { Redis } from 'ioredis';
import { type Backoff, backoffDelay } from '@torch/shared';
import type { Logger } from './log.ts';

/** Reconnection delays of every long-lived Redis connection (simulators and gateway). */
export const REDIS_RECONNECT: Backoff = { baseMs: 200, capMs: 5000 };

/** ioredis retryStrategy: `times` counts from 1. */
export const redisReconnectDelay = (times: number): number => backoffDelay(Math.max(0, times - 1), REDIS_RECONNECT, Math.random());

export function connectRedis(url: string, log: Logger): Redis {
  let down = false;
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: false,
    retryStrategy: redisReconnectDelay,
  });
  redis.on('error', (err: Error) => {
    if (!down) log.warn({ url: redactUrl(url), err: err.message }, 'Redis unreachable; retrying with backoff (up to every 5 s)');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info({ url: redactUrl(url) }, 'Redis reachable again');
    down = false;
  });
  return redis;
}

/** Hide a password in a URL before logging it. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
