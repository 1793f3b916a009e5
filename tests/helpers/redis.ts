// Real Redis for integration tests. Each test file takes its own key prefix and deletes exactly the
// keys under it afterwards; nothing else on the shared Redis is touched.
//
// When Redis does not answer, the suites that need it are skipped with the reason printed — unless
// TORCH_REQUIRE_REDIS=1 (CI sets it), in which case they fail instead of passing silently.
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { pingRedis } from '../../backend/src/launcher/index.ts';

/** The store under test: the embedded one in the "embedded" project, else Redis. */
export const REDIS_URL =
  process.env.TORCH_STORE === 'embedded' && process.env.EMBEDDED_REDIS_URL
    ? process.env.EMBEDDED_REDIS_URL
    : (process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

export function redisAvailable(url = REDIS_URL): Promise<boolean> {
  return pingRedis(url);
}

/** Resolve whether Redis-backed suites run here; throws when CI forbids skipping. */
export async function requireRedis(suite: string): Promise<boolean> {
  const ok = await redisAvailable();
  if (!ok) {
    const why = `Redis is not answering at ${REDIS_URL}`;
    if (process.env.TORCH_REQUIRE_REDIS === '1') throw new Error(`${suite}: ${why}, and TORCH_REQUIRE_REDIS=1 forbids skipping`);
    console.warn(`SKIPPED ${suite}: ${why}. Start redis-server or set REDIS_URL; CI sets TORCH_REQUIRE_REDIS=1 so this cannot pass silently.`);
  }
  return ok;
}

export function testPrefix(name: string): string {
  return `test:${name}:${randomBytes(4).toString('hex')}:`;
}

export function connect(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
}

/** Delete every key under the prefix (SCAN, never FLUSH). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
