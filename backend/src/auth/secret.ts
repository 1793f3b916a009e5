// The HS256 signing secret. An operator may pin it (TORCH_JWT_SECRET); otherwise the first gateway
// to start generates one in Redis and every other gateway on that Redis picks up the same one, so a
// token signed by one gateway is accepted by all of them.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export const MIN_SECRET_LENGTH = 32;

export async function loadSigningSecret(redis: Redis, prefix: string, fromEnv?: string): Promise<string> {
  // An empty variable counts as unset: `FOO=` in an env file should not silently mean "no secret".
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(`the token signing secret must be at least ${MIN_SECRET_LENGTH} characters (got ${fromEnv.length}); generate one with: openssl rand -base64 48`);
    }
    return fromEnv;
  }
  const key = `${prefix}auth:signing-secret`;
  // SET NX: when two gateways start together only the first write lands; both then read the winner.
  await redis.set(key, randomBytes(48).toString('base64'), 'NX');
  const secret = await redis.get(key);
  if (!secret || secret.length < MIN_SECRET_LENGTH) throw new Error(`the signing secret at ${key} is missing or too short; delete it to have a new one generated`);
  return secret;
}
