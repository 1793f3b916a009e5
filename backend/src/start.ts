// npm start: bring up the center on this machine with nothing but Node.
// For now (foundation issue) that is Redis and the simulated feeds: history backfilled on the first
// run, then live. The gateway and the wall join here as they are built.
import { resolve } from 'node:path';
import { keyLayout, toShanghaiIso } from '@torch/shared';
import { backfill, connectRedis, loadEnv, makeLogger, runLive } from '@torch/simulators';
import { chooseRedis } from './redisSource.ts';

const env = loadEnv();
const log = makeLogger(env.LOG_LEVEL, 'start');
const choice = await chooseRedis({ ...(process.env.REDIS_URL ? { url: process.env.REDIS_URL } : {}), dataDir: resolve(process.env.TORCH_DATA_DIR ?? '.data') });
if (choice.kind === 'none') {
  log.fatal(`no Redis: ${choice.reason}. Install redis-server (Debian: apt-get install redis-server) or set REDIS_URL.`);
  process.exit(1);
}
log.info({ redis: choice.kind, url: choice.url }, {
  url: 'using Redis from REDIS_URL', local: 'using the Redis answering on 127.0.0.1:6379', spawned: 'started redis-server with append-only persistence under .data/redis',
}[choice.kind]);
log.warn('the gateway and the wall are not built yet: npm start runs the simulated feeds only');

const redis = connectRedis(choice.url, log);
const keys = keyLayout(env.TORCH_KEY_PREFIX);
const ac = new AbortController();
let stopping = false;
const stop = () => {
  if (stopping) process.exit(130);
  stopping = true;
  log.info('stopping…');
  ac.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const filled = await backfill({
  redis, keys, seed: env.SIM_SEED, signal: ac.signal,
  onProgress: (() => {
    let last = -1;
    return (done: number, c: { written: number }) => {
      if (Math.floor(done * 10) > last) {
        last = Math.floor(done * 10);
        log.info({ percent: Math.round(done * 100), written: c.written }, 'backfilling history');
      }
    };
  })(),
});
log.info({ from: toShanghaiIso(filled.from), to: toShanghaiIso(filled.to), written: filled.written, perSecond: Math.round(filled.perSecond) }, 'history ready');
if (!ac.signal.aborted) {
  log.info({ prefix: keys.prefix }, 'live feeds running; Ctrl-C stops');
  const stats = await runLive({ redis, keys, seed: env.SIM_SEED, signal: ac.signal });
  log.info({ written: stats.written, bySource: stats.bySource }, 'live feeds stopped');
}
await redis.quit();
await choice.stop();
process.exit(0);
