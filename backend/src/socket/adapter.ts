// Several gateways on one Redis: Socket.IO's Redis adapter carries replay rooms and server-side
// requests between them. (Live deltas, alerts and revocations are sent per local socket from each
// gateway's own state.) The embedded store serves one gateway and has no pattern subscriptions,
// so it runs without. Returns the adapter's connections, for stop.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createAdapter } from '@socket.io/redis-adapter';
import type { IO } from './types.ts';

export function installRedisAdapter(io: IO, redis: Redis, prefix: string, log: Logger): Redis[] {
  const clients = [redis.duplicate(), redis.duplicate()];
  for (const c of clients) c.on('error', (e: Error) => log.debug({ err: e.message }, 'socket adapter connection error'));
  io.adapter(createAdapter(clients[0]!, clients[1]!, { key: `${prefix}socket.io`, requestsTimeout: 3000 }));
  return clients;
}
