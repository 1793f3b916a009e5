// The dry run itself, in a worker thread (see dryRun.ts): the draft rules parsed and priced (the
// YAML parser alone takes 70–350 ms for a 10 KB rule file), then, within budget, evaluated over
// the log through its own Redis connection, from the state the gateway seeded. It posts the
// transitions (or why not) and ends. None of this blocks the gateway's request loop.
import { parentPort, workerData } from 'node:worker_threads';
import { Redis, type RedisOptions } from 'ioredis';
import { parse as parseYaml } from 'yaml';
import { type AlertTransition, type MetricsState, type Source, parseRuleSet } from '@torch/shared';
import { RetentionError, applyLogEntry, buildAt } from './build.ts';
import { type DryRunPrice, dryRunPrice } from './dryRunPrice.ts';
import { readLog } from './log.ts';

export interface DryRunJob {
  redis: RedisOptions;
  streams: Record<Source, string>;
  /** The live state's days before the seam (seedState), copied into this thread. */
  seed: MetricsState;
  /** The draft rule file as sent (YAML or JSON text). */
  rules: string;
  from: number;
  to: number;
  maxCost: number;
}

export type DryRunReply =
  | { ok: true; rules: number; transitions: AlertTransition[] }
  | { ok: false; invalid: string }
  | { ok: false; overBudget: DryRunPrice }
  | { ok: false; retention: { firstAvailable: number | null; earliestStart: number | null } }
  | { ok: false; error: string };

async function run(job: DryRunJob): Promise<DryRunReply> {
  let doc: unknown;
  try {
    doc = parseYaml(job.rules, { maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, invalid: `rules: not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}` };
  }
  const parsed = parseRuleSet(doc);
  if (!parsed.ok) return { ok: false, invalid: `rules: ${parsed.errors.join('; ')}` };
  const price = dryRunPrice(parsed.ruleSet, job.from, job.to);
  if (price.cost > job.maxCost) return { ok: false, overBudget: price };

  const redis = new Redis({ ...job.redis, maxRetriesPerRequest: 2 });
  redis.on('error', () => {}); // a failed command rejects; the reply says so
  try {
    const deps = { redis, streams: job.streams, live: () => job.seed, alertEpoch: 0, alertsAround: () => Promise.resolve([]) };
    const built = await buildAt(deps, parsed.ruleSet, job.from, false);
    const transitions: AlertTransition[] = [];
    for await (const e of readLog(redis, job.streams, job.from, job.to - 1)) transitions.push(...applyLogEntry(built, e));
    return { ok: true, rules: parsed.ruleSet.rules.length, transitions };
  } catch (e) {
    if (e instanceof RetentionError) return { ok: false, retention: { firstAvailable: e.firstAvailable, earliestStart: e.earliestStart } };
    return { ok: false, error: (e as Error).message };
  } finally {
    redis.disconnect();
  }
}

parentPort!.postMessage(await run(workerData as DryRunJob));
