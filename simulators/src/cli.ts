#!/usr/bin/env node
// npm run simulate -- <command> [options]
//   live       the three feeds in real time (or from a past --start at --speed N until caught up)
//   backfill   history into the streams, pipelined, resumable
//   generate   NDJSON of the entries to stdout (no Redis); same seed and range → same bytes
import { Command, Option, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { keyLayout, parseShanghai, toShanghaiIso } from '@torch/shared';
import { loadEnv } from './config.ts';
import { type Fault, parseDuration, parseFault } from './faults.ts';
import { makeLogger } from './log.ts';
import { connectRedis, redactUrl } from './redis.ts';
import { backfill } from './backfill.ts';
import { runLive } from './live.ts';
import { writeNdjson } from './ndjson.ts';
import { refeed } from './refeed.ts';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Retention } from './writer.ts';

function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n`);
  process.exit(2);
}

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (e) {
  fail((e as Error).message);
}

const time = (v: string) => {
  if (v === 'now') return Date.now();
  try {
    return parseShanghai(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};
const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
};
const integer = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
};
const fault = (v: string, prev: Fault[] = []) => {
  try {
    return [...prev, parseFault(v)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};
const duration = (v: string) => {
  try {
    return parseDuration(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

interface Common {
  redisUrl: string;
  prefix: string;
  seed: number;
  fault?: Fault[];
  maxlen?: number;
  retentionDays?: number;
  logLevel: string;
}

function common(cmd: Command): Command {
  return cmd
    .addOption(new Option('--redis-url <url>', 'Redis to write to').default(env.REDIS_URL).env('REDIS_URL'))
    .addOption(new Option('--prefix <prefix>', 'key prefix of every stream').default(env.TORCH_KEY_PREFIX))
    .addOption(new Option('--seed <n>', 'random seed: same seed and range give the same events').argParser(integer).default(env.SIM_SEED))
    .option('--fault <spec>', 'inject a fault, repeatable: kind:target[:key=value,…] (see README)', fault)
    .addOption(new Option('--maxlen <n>', 'keep about n entries per stream (XADD MAXLEN ~)').argParser(integer).default(env.STREAM_MAXLEN))
    .addOption(new Option('--retention-days <n>', 'keep about n days per stream (XADD MINID ~)').argParser(integer).default(env.STREAM_RETENTION_DAYS))
    .option('--log-level <level>', 'pino log level', env.LOG_LEVEL);
}

function retentionOf(o: Common): Retention {
  return { ...(o.maxlen ? { maxLen: o.maxlen } : {}), ...(o.retentionDays ? { retentionMs: o.retentionDays * 86_400_000 } : {}) };
}

/**
 * Ctrl-C: the first asks for a clean stop; the second, or 5 s without one (Redis unreachable, so
 * nothing can be flushed), forces it.
 */
function stopSignal(onFirst: () => void): AbortSignal {
  const ac = new AbortController();
  let count = 0;
  const force = (why: string) => {
    process.stderr.write(`simulate: forced stop (${why})\n`);
    process.exit(130);
  };
  const handler = () => {
    count++;
    if (count === 1) {
      onFirst();
      ac.abort();
      setTimeout(() => force('no clean stop within 5 s; is Redis reachable?'), 5000).unref();
    } else {
      force('second interrupt');
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return ac.signal;
}

const program = new Command('simulate')
  .description('Simulated tax, customs and registry feeds for the Torch command center, written into Redis Streams.')
  .showHelpAfterError();

common(program.command('live'))
  .description('write the three feeds live, event time = simulated clock')
  .option('--speed <n>', 'simulated seconds per real second (with --start in the past; caps at real time)', positive, 1)
  .option('--rate <n>', 'fixed total events per second instead of the calendar (load tests)', positive)
  .option('--start <time>', 'simulated start, yyyy-MM-dd[THH:mm] Asia/Shanghai or ISO 8601; default now', time)
  .option('--duration <d>', 'stop after this much real time, e.g. 10s, 5m', duration)
  .action(async (o: Common & { speed: number; rate?: number; start?: number; duration?: number }) => {
    const log = makeLogger(o.logLevel);
    const keys = keyLayout(o.prefix);
    const redis = connectRedis(o.redisUrl, log);
    const signal = stopSignal(() => log.info('stopping: writing what is due, then a summary'));
    const timer = o.duration ? setTimeout(() => process.emit('SIGINT'), o.duration) : undefined;
    log.info({ redis: redactUrl(o.redisUrl), prefix: o.prefix, seed: o.seed, speed: o.speed, rate: o.rate, start: o.start && toShanghaiIso(o.start), faults: o.fault }, 'live feeds starting');
    let lastLog = Date.now();
    const stats = await runLive({
      redis, keys, seed: o.seed, speed: o.speed, signal, retention: retentionOf(o),
      ...(o.rate !== undefined ? { rate: o.rate } : {}),
      ...(o.start !== undefined ? { start: o.start } : {}),
      ...(o.fault ? { faults: o.fault } : {}),
      onCaughtUp: () => log.info('simulated clock caught up with real time; continuing at 1×'),
      onTick: (s) => {
        if (Date.now() - lastLog < 10_000) return;
        lastLog = Date.now();
        log.info({ written: s.written, bySource: s.bySource, simulatedNow: toShanghaiIso(s.simulatedNow), pending: s.pending }, 'live');
      },
    });
    clearTimeout(timer);
    await redis.quit();
    log.info({
      written: stats.written, bySource: stats.bySource, faults: stats.faults, dropped: stats.dropped,
      seconds: Number(stats.seconds.toFixed(1)), perSecond: Number((stats.written / Math.max(stats.seconds, 0.001)).toFixed(1)),
      simulatedEnd: toShanghaiIso(stats.simulatedNow),
    }, 'live feeds stopped');
    process.exit(0);
  });

common(program.command('backfill'))
  .description('write history as fast as Redis takes it; resumes where the streams end')
  .option('--from <time>', 'start (default: where the streams end, else 1 January of last year)', time)
  .option('--to <time>', 'end (default and latest: now)', time)
  .action(async (o: Common & { from?: number; to?: number }) => {
    const log = makeLogger(o.logLevel);
    const keys = keyLayout(o.prefix);
    const redis = connectRedis(o.redisUrl, log);
    const signal = stopSignal(() => log.info('stopping after the current batch'));
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'backfill [{bar}] {percentage}% | {written} entries | {rate}/s', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    const started = Date.now();
    let lastLogged = -1;
    bar?.start(100, 0, { written: 0, rate: 0 });
    const result = await backfill({
      redis, keys, seed: o.seed, signal, retention: retentionOf(o),
      ...(o.from !== undefined ? { from: o.from } : {}),
      ...(o.to !== undefined ? { to: o.to } : {}),
      ...(o.fault ? { faults: o.fault } : {}),
      onProgress: (done, c) => {
        const rate = Math.round(c.written / Math.max((Date.now() - started) / 1000, 0.001));
        if (bar) bar.update(Math.round(done * 100), { written: c.written, rate });
        else if (Math.floor(done * 10) > lastLogged) {
          lastLogged = Math.floor(done * 10);
          log.info({ percent: Math.round(done * 100), written: c.written, perSecond: rate }, 'backfill progress');
        }
      },
    });
    bar?.stop();
    await redis.quit();
    log.info({
      from: toShanghaiIso(result.from), to: toShanghaiIso(result.to), written: result.written, skipped: result.skipped,
      bySource: result.bySource, seconds: Number(result.seconds.toFixed(2)), perSecond: Math.round(result.perSecond), aborted: result.aborted,
    }, result.written === 0 && result.skipped === 0
      ? 'backfill: nothing to do, the streams already reach the end of the range'
      : result.skipped > 0
        ? 'backfill done; skipped entries are at or before each stream\'s newest entry (already written, or older than it: a stream only grows forward, so history goes in before live data)'
        : 'backfill done');
    process.exit(result.aborted ? 130 : 0);
  });

program
  .command('replay')
  .description('re-feed a capture (NDJSON from /api/replay/export) into the streams for a rehearsal: new ids, rehearsal: true, times moved to now')
  .argument('<file>', 'the capture; - reads stdin')
  .option('--speed <n>', 'capture time per real time, or max', (v: string) => (v === 'max' ? 'max' : Number(v) > 0 ? Number(v) : fail(`--speed: "${v}" is not a positive number or max`)), 1 as number | 'max')
  .addOption(new Option('--redis-url <url>', 'Redis to write to').default(env.REDIS_URL).env('REDIS_URL'))
  .addOption(new Option('--prefix <prefix>', 'key prefix of every stream').default(env.TORCH_KEY_PREFIX))
  .addOption(new Option('--log-level <level>', 'log level').default(env.LOG_LEVEL))
  .action(async (file: string, o: { speed: number | 'max'; redisUrl: string; prefix: string; logLevel: string }) => {
    const log = makeLogger(o.logLevel as Parameters<typeof makeLogger>[0]);
    const redis = connectRedis(o.redisUrl, log);
    const input = file === '-' ? process.stdin : createReadStream(file);
    input.on('error', (e: Error) => fail(`cannot read ${file}: ${e.message}`));
    const signal = stopSignal(() => log.info('stopping the re-feed'));
    const lines = createInterface({ input, crlfDelay: Infinity });
    const r = await refeed({ redis, keys: keyLayout(o.prefix), lines, speed: o.speed, signal });
    await redis.quit();
    log.info({ written: r.written, bySource: r.bySource, unreadable: r.unreadable, runId: r.runId, speed: o.speed }, 'rehearsal re-feed done (events marked rehearsal: true, ids prefixed rh<runId>-)');
    process.exit(signal.aborted ? 130 : 0);
  });

program
  .command('generate')
  .description('print the entries of a range as NDJSON on stdout (no Redis needed)')
  .requiredOption('--from <time>', 'start', time)
  .requiredOption('--to <time>', 'end', time)
  .addOption(new Option('--seed <n>', 'random seed').argParser(integer).default(env.SIM_SEED))
  .option('--fault <spec>', 'inject a fault, repeatable', fault)
  .action(async (o: { from: number; to: number; seed: number; fault?: Fault[] }) => {
    const n = await writeNdjson(process.stdout, { seed: o.seed, from: o.from, to: o.to, faults: o.fault ?? [] });
    process.stderr.write(`generate: ${n} entries\n`);
  });

await program.parseAsync(process.argv);
