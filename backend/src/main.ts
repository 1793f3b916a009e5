// The gateway alone (production, several instances, tests that kill it): real Redis from REDIS_URL
// (or the local one), real clock, pino logs on stdout (readable at a terminal, JSON otherwise).
import { Redis } from 'ioredis';
import { redisReconnectDelay } from '@torch/simulators';
import { createGateway } from './app.ts';
import { loadGatewayConfig } from './config.ts';
import { createLogger } from './log.ts';

let config;
try {
  config = loadGatewayConfig();
} catch (e) {
  process.stderr.write(`gateway: ${(e as Error).message}\n`);
  process.exit(2);
}
const log = createLogger({ level: config.LOG_LEVEL, name: `gateway-${config.GATEWAY_ID}` });
const redis = new Redis(config.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3, retryStrategy: redisReconnectDelay });
redis.on('error', (e: Error) => log.warn({ err: e.message }, 'Redis connection error; retrying'));

const gateway = await createGateway({ config, redis, log });
if (gateway.initialAdmin) {
  process.stdout.write(`\n  First start: created user "${gateway.initialAdmin.username}" with password ${gateway.initialAdmin.password}\n  (shown once; set TORCH_ADMIN_PASSWORD to choose it)\n\n`);
}
log.info({ url: gateway.url }, 'ready');

let stopping = false;
const stop = async () => {
  if (stopping) process.exit(130);
  stopping = true;
  log.info('stopping');
  await gateway.stop();
  redis.disconnect();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
