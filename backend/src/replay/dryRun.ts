// The budget of a dry run (POST /api/replay/dry-run). Evaluating draft rules over a recorded period
// is CPU-bound: 110 spike rules for each park over an hour held the gateway's event loop for 12 s
// (every wall, every request waited). So a dry run
//   - runs in a worker thread with its own Redis connection, never on the request loop: parsing
//     the rules too, as YAML parsing alone takes a noticeable fraction of a second,
//   - is priced before it evaluates anything (dryRunPrice.ts); over DRY_RUN_MAX_COST it is
//     refused (400) with the figures,
//   - runs one at a time per gateway (429 BUSY for the next),
//   - is stopped when its client goes away, or when it runs longer than DRY_RUN_TIMEOUT_SECONDS.
import { Worker } from 'node:worker_threads';
import type { Redis, RedisOptions } from 'ioredis';
import { type AlertTransition, seamDay, seedState } from '@torch/shared';
import type { BuildDeps } from './build.ts';
import { RetentionError } from './build.ts';
import type { DryRunPrice } from './dryRunPrice.ts';
import type { DryRunJob, DryRunReply } from './dryRunThread.ts';

export type DryRunOutcome =
  | { ok: true; rules: number; transitions: AlertTransition[] }
  | { ok: false; why: 'busy' | 'timeout' | 'aborted' }
  | { ok: false; why: 'invalid'; message: string }
  | { ok: false; why: 'over-budget'; price: DryRunPrice }
  | { ok: false; why: 'retention'; error: RetentionError }
  | { ok: false; why: 'failed'; message: string };

export interface DryRunnerOptions {
  build: BuildDeps;
  maxCost: number;
  timeoutMs: number;
}

/** What the worker needs to open its own connection to the same Redis (functions cannot cross threads). */
function connectionOf(redis: Redis): RedisOptions {
  const o = redis.options;
  const plain = (v: unknown) => (v && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) as object : v);
  return {
    host: o.host, port: o.port, path: o.path, family: o.family, username: o.username, password: o.password, db: o.db,
    ...(o.tls ? { tls: plain(o.tls) as RedisOptions['tls'] } : {}),
  };
}

export class DryRunner {
  private running = false;

  constructor(private readonly o: DryRunnerOptions) {}

  get busy(): boolean {
    return this.running;
  }

  /** Run in a worker; `signal` ends it early (the client went away). One at a time. */
  run(rulesText: string, from: number, to: number, signal: AbortSignal): Promise<DryRunOutcome> {
    if (this.running) return Promise.resolve({ ok: false, why: 'busy' });
    this.running = true;
    const job: DryRunJob = {
      redis: connectionOf(this.o.build.redis), streams: this.o.build.streams, seed: seedState(this.o.build.live(), seamDay(from)), rules: rulesText, from, to, maxCost: this.o.maxCost,
    };
    const worker = new Worker(new URL('./dryRunWorker.mjs', import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    return new Promise<DryRunOutcome>((resolve) => {
      let outcome: DryRunOutcome | null = null;
      const finish = (o: DryRunOutcome) => {
        outcome ??= o;
        void worker.terminate();
      };
      const timer = setTimeout(() => finish({ ok: false, why: 'timeout' }), this.o.timeoutMs);
      const onAbort = () => finish({ ok: false, why: 'aborted' });
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      worker.on('message', (r: DryRunReply) => {
        if (r.ok) return finish({ ok: true, rules: r.rules, transitions: r.transitions });
        if ('invalid' in r) return finish({ ok: false, why: 'invalid', message: r.invalid });
        if ('overBudget' in r) return finish({ ok: false, why: 'over-budget', price: r.overBudget });
        if ('retention' in r) return finish({ ok: false, why: 'retention', error: new RetentionError(r.retention.firstAvailable, r.retention.earliestStart) });
        finish({ ok: false, why: 'failed', message: r.error });
      });
      worker.on('error', (e) => finish({ ok: false, why: 'failed', message: e.message }));
      // The slot is free only once the thread is gone: a stopped run no longer uses a core.
      worker.on('exit', () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.running = false;
        resolve(outcome ?? { ok: false, why: 'failed', message: 'the dry run ended without an answer' });
      });
    });
  }
}
