// npm start: the whole center on this machine with nothing but Node.
//   Redis: REDIS_URL, else the local 6379, else a redis-server started here (append-only, .data/);
//   the gateway (REST, sockets, the wall when built) on PORT (default 8080);
//   the simulated feeds: history backfilled on first run (resumed later), then live.
// It prints the URLs and, on first start, the admin password. Ctrl-C stops everything.
// `npm start -- --help` lists the options and the environment variables.
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { keyLayout, toShanghaiIso } from '@torch/shared';
import { DEMO_FAULTS, backfill, connectRedis, loadEnv, makeLogger, parseFault, redisReconnectDelay, runLive } from '@torch/simulators';
import { createGateway } from '../app.ts';
import { AuthStore } from '../auth/index.ts';
import { seedDemoResponders } from '../dispatch/demo.ts';
import { loadGatewayConfig } from '../config.ts';
import { buildFrontend, needsBuild } from './frontendBuild.ts';
import { startEmbeddedThread } from './embedded/thread.ts';
import { createLogger } from '../log.ts';
import { type StorageChoice, storageBanner } from './banner.ts';
import { chooseRedis } from './redisSource.ts';
import { UsageError, parseStartArgs, usage } from './args.ts';

let args: ReturnType<typeof parseStartArgs>;
try {
  args = parseStartArgs(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`start: ${e.message}\nRun \`npm start -- --help\` for the options.\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(usage());
  process.exit(0);
}

let config: ReturnType<typeof loadGatewayConfig>;
let simEnv: ReturnType<typeof loadEnv>;
try {
  config = loadGatewayConfig();
  simEnv = loadEnv();
} catch (e) {
  process.stderr.write(`start: ${(e as Error).message}\n`);
  process.exit(2);
}
const log = createLogger({ level: config.LOG_LEVEL, name: 'torch' });
// `npm start -- --demo`: the live feeds run the demo fault schedule, so every kind of alert fires
// within about twenty minutes (feed silence only in working hours).
const demo = args.demo || process.env.TORCH_DEMO === '1';

const dataDir = resolve(process.env.TORCH_DATA_DIR ?? '.data');
// TORCH_STORE=embedded forces the embedded store (demos, and checking that path on a machine with Redis).
const found = process.env.TORCH_STORE === 'embedded'
  ? ({ kind: 'none', reason: 'TORCH_STORE=embedded', stop: async () => {} } as const)
  : await chooseRedis({ ...(config.REDIS_URL ? { url: config.REDIS_URL } : {}), dataDir });
let choice: { kind: 'url' | 'local' | 'spawned' | 'embedded'; url: string; stop: () => Promise<void> };
let storageLine: StorageChoice;
if (found.kind === 'none') {
  // Nothing else available: the embedded store, said loudly. Fine for a laptop or a demo; a
  // control room runs a real Redis (REDIS_URL or a local redis-server).
  const storeLog = log.child({ part: 'embedded-store' });
  const embedded = await startEmbeddedThread({ dir: join(dataDir, 'embedded'), legacyFile: join(dataDir, 'embedded-store.json') }, (level, message) => storeLog[level](message));
  choice = { kind: 'embedded', url: embedded.url, stop: () => embedded.stop() };
  storageLine = { kind: 'embedded', reason: found.reason, dir: join(dataDir, 'embedded') };
  log.warn({ url: choice.url }, `storage: EMBEDDED STORE (${found.reason}). Data is kept in memory and logged to ${join(dataDir, 'embedded')}; install redis-server or set REDIS_URL for real use.`);
} else {
  choice = found;
  storageLine = { kind: found.kind };
  log.info({ redis: found.kind, url: found.url }, {
    url: 'storage: Redis from REDIS_URL',
    local: 'storage: the Redis answering on 127.0.0.1:6379',
    spawned: `storage: started redis-server with append-only persistence in ${found.kind === 'spawned' ? found.dataDir : ''}`,
  }[found.kind]);
}

if (config.SERVE_FRONTEND && needsBuild()) {
  log.info('building the wall (frontend/dist)…');
  await buildFrontend();
}

const redis = new Redis(choice.url, { maxRetriesPerRequest: 3, retryStrategy: redisReconnectDelay });
redis.on('error', (e: Error) => log.warn({ err: e.message }, 'Redis connection error; retrying'));
const gateway = await createGateway({ config: { ...config, REDIS_URL: choice.url }, redis, log, storage: choice.kind === 'embedded' ? 'embedded' : 'redis' });
const responders = demo ? await seedDemoResponders(new AuthStore(redis, keyLayout(config.TORCH_KEY_PREFIX).prefix)) : null;

const banner = [
  '',
  '  数字火炬指挥调度中心 · Torch Command Center',
  `  wall      ${gateway.url}/wall   (sign in at ${gateway.url}/login, or a kiosk link from POST /api/display-tokens)`,
  `  gateway   ${gateway.url}/api/health`,
  gateway.initialAdmin
    ? config.TORCH_ADMIN_PASSWORD
      ? '  admin     user "admin", password from TORCH_ADMIN_PASSWORD'
      : `  admin     user "admin", password ${gateway.initialAdmin.password}   (shown once)`
    : '  admin     existing accounts kept',
  ...storageBanner(storageLine),
  '  feeds     simulated (模拟数据): history first, then live',
  `  alerts    ${gateway.url}/alerts   rules: ${config.ALERT_RULES_FILE}`,
  ...(demo ? ['  demo      fault switches on: expect alerts of every kind within ~20 minutes of live feeds'] : []),
  ...(responders && responders.created.length > 0
    ? [`  units     ${responders.created.length} responder accounts (e.g. tp.duty, customs.liaison.duty), password ${responders.password}   (shown once)`]
    : []),
  '',
];
process.stdout.write(banner.join('\n') + '\n');

const simLog = makeLogger(simEnv.LOG_LEVEL, 'simulators');
const simRedis = connectRedis(choice.url, simLog);
const keys = keyLayout(config.TORCH_KEY_PREFIX);
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

let lastTenth = -1;
// TORCH_HISTORY_DAYS: a shorter history (tests, benchmarks, a quick look); unset, from 1 January last year.
const historyDays = Number(process.env.TORCH_HISTORY_DAYS ?? '') || 0;
const filled = await backfill({
  redis: simRedis, keys, seed: simEnv.SIM_SEED, signal: ac.signal,
  ...(historyDays > 0 ? { from: Math.floor((Date.now() - historyDays * 86_400_000) / 60_000) * 60_000 } : {}),
  onProgress: (done, c) => {
    if (Math.floor(done * 10) > lastTenth) {
      lastTenth = Math.floor(done * 10);
      simLog.info({ percent: Math.round(done * 100), written: c.written }, 'backfilling history');
    }
  },
});
simLog.info({ from: toShanghaiIso(filled.from), to: toShanghaiIso(filled.to), written: filled.written, perSecond: Math.round(filled.perSecond) }, 'history written; the gateway reduces it as it arrives');
if (!ac.signal.aborted) await runLive({ redis: simRedis, keys, seed: simEnv.SIM_SEED, signal: ac.signal, ...(demo ? { faults: DEMO_FAULTS.map(parseFault) } : {}) });

await gateway.stop();
await simRedis.quit();
redis.disconnect();
await choice.stop();
process.exit(0);
