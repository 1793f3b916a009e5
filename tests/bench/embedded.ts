// `npm start` on the embedded store next to the same start on Redis, with the same work: the full
// default history (or BENCH_EMBEDDED_DAYS days) backfilled, reduced by the gateway, then live.
// Each side runs as its own process, one after the other, the order alternating between rounds.
// For each: backfill entries/s (the simulators' own figure), time from start to caught up, the
// launcher's RSS once caught up and at the end, and /api/health polled every 250 ms for the whole
// window (BENCH_EMBEDDED_SECONDS, default 600: long enough for several compactions of the log),
// p99 and max. The machine's load average is printed with the figures: on a shared machine they move.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../helpers/processes.ts';
import { deletePrefix } from '../helpers/redis.ts';
import { percentile, rssMb, writeResult } from './common.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const seconds = Number(process.env.BENCH_EMBEDDED_SECONDS ?? 600);
const days = process.env.BENCH_EMBEDDED_DAYS ?? '';
const rounds = Number(process.env.BENCH_EMBEDDED_ROUNDS ?? 1);
// One side only (BENCH_EMBEDDED_SIDES=redis), e.g. to measure it again when the load has changed.
const sides = (process.env.BENCH_EMBEDDED_SIDES ?? 'redis,embedded').split(',');
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface SideResult {
  side: 'redis' | 'embedded';
  entries: number;
  backfillPerSecond: number;
  caughtUpSeconds: number | null;
  rssCaughtUpMb: number | null;
  rssEndMb: number;
  healthP50: number;
  healthP99: number;
  healthMax: number;
  healthPolls: number;
  healthOver500: number;
  compactions: number;
  load: string;
}

async function run(side: 'redis' | 'embedded'): Promise<SideResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `torch-bench-${side}-`));
  const prefix = `bench:start:${process.pid}:${side}:`;
  const port = await freePort();
  const { REDIS_URL: _unused, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited, TORCH_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), SERVE_FRONTEND: 'false', TORCH_ADMIN_PASSWORD: 'bench-root-password',
    LOG_LEVEL: 'info', TORCH_KEY_PREFIX: prefix, ...(days ? { TORCH_HISTORY_DAYS: days } : {}),
    ...(side === 'redis' ? { REDIS_URL: redisUrl, TORCH_STORE: '' } : { TORCH_STORE: 'embedded' }),
  };
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'backend/src/launcher/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const latencies: number[] = [];
  let caughtUpAt: number | null = null;
  let rssCaughtUp: number | null = null;
  const load0 = loadavg();
  try {
    while (performance.now() - t0 < seconds * 1000) {
      if (child.exitCode !== null) throw new Error(`${side}: npm start exited:\n${out.slice(-2000)}`);
      const t = performance.now();
      try {
        const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) });
        const body = (await res.json()) as { caughtUp: boolean };
        latencies.push(performance.now() - t);
        // Caught up: the history has been written and the gateway has reduced all of it.
        if (caughtUpAt === null && body.caughtUp && /history written/.test(out)) {
          caughtUpAt = performance.now();
          rssCaughtUp = rssMb(child.pid!);
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 250 - (performance.now() - t))));
    }
    const rssEnd = rssMb(child.pid!);
    const written = /"written":(\d+),"perSecond":(\d+)/.exec(out) ?? /written[^\d]+(\d+)[^\n]*perSecond[^\d]+(\d+)/.exec(out);
    latencies.sort((a, b) => a - b);
    return {
      side, entries: Number(written?.[1] ?? 0), backfillPerSecond: Number(written?.[2] ?? 0),
      caughtUpSeconds: caughtUpAt === null ? null : Math.round((caughtUpAt - t0) / 100) / 10,
      rssCaughtUpMb: rssCaughtUp, rssEndMb: rssEnd,
      healthP50: Math.round(percentile(latencies, 50)), healthP99: Math.round(percentile(latencies, 99)), healthMax: Math.round(latencies.at(-1) ?? NaN),
      healthPolls: latencies.length, healthOver500: latencies.filter((x) => x > 500).length,
      compactions: (out.match(/compacted the log/g) ?? []).length,
      load: `${load0} → ${loadavg()}`,
    };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    rmSync(dataDir, { recursive: true, force: true });
    if (side === 'redis') {
      const r = new Redis(redisUrl);
      await deletePrefix(r, prefix);
      await r.quit();
    }
  }
}

const results: SideResult[] = [];
for (let round = 0; round < rounds; round++) {
  const order: ('redis' | 'embedded')[] = round % 2 === 0 ? ['redis', 'embedded'] : ['embedded', 'redis'];
  for (const side of order.filter((x) => sides.includes(x))) {
    console.log(`round ${round + 1}: ${side}, ${seconds} s${days ? `, ${days} days of history` : ', full history'} (load ${loadavg()})`);
    results.push(await run(side));
  }
}
console.table(results);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const of = (side: string, f: (r: SideResult) => number | null) => median(results.filter((r) => r.side === side).map((r) => f(r) ?? NaN));
if (sides.length < 2) {
  writeResult('embedded-one-side', { seconds, days: days || 'full', rounds, results });
} else {
  const backfillRatio = of('embedded', (r) => r.backfillPerSecond) / of('redis', (r) => r.backfillPerSecond);
  const caughtUpRatio = of('embedded', (r) => r.caughtUpSeconds) / of('redis', (r) => r.caughtUpSeconds);
  console.log(`embedded / Redis: backfill ${backfillRatio.toFixed(2)}× (target ≥ 0.6×), time to caught up ${caughtUpRatio.toFixed(2)}× (target ≤ 1.5×)`);
  console.log(`embedded: RSS caught up ${of('embedded', (r) => r.rssCaughtUpMb)} MB (target ≤ 700), /api/health p99 ${of('embedded', (r) => r.healthP99)} ms (≤ 200), max ${of('embedded', (r) => r.healthMax)} ms (≤ 500)`);
  writeResult('embedded', { seconds, days: days || 'full', rounds, results, backfillRatio, caughtUpRatio });
}
