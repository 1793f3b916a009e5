// The durable half of the consumer: state and acknowledgements written in one MULTI, so an entry is
// acknowledged exactly when what it changed is stored. A crash at any moment leaves either both or
// neither; unacknowledged entries are read again on start and applied to the last stored state.
import type { ChainableCommander, Redis } from 'ioredis';
import { type EngineState, type MetricsState, SOURCES, type Source, createEngine, emptyJournal, markAllDirty, restoreEngine, restoreState, serializeDay, serializeEngine, serializeMeta } from '@torch/shared';
import { boundRaw } from './deadLetterRaw.ts';
import type { IngestKeys } from './keys.ts';
import { type StoredRuns, loadSeen, writeSeen } from './seenIds.ts';
import { defineScripts } from '../scripts/index.ts';

export interface DeadLetter {
  source: Source;
  streamId: string;
  reason: string;
  raw: string | undefined;
}

type WithDeadLetter = ChainableCommander & {
  deadLetter(deadStream: string, seenKey: string, score: number, member: string, maxLen: number, source: string, entry: string, reason: string, raw: string, rawBytes: number | '', rawSha256: string): ChainableCommander;
};

/** The dead-letter script (scripts/index.ts), callable by name in the checkpoint transaction. */
export function defineCommands(redis: Redis): void {
  defineScripts(redis);
}

/** The alert engine as last checkpointed, or a new one that starts evaluating at `epoch`. */
export async function loadEngine(redis: Redis, keys: IngestKeys, epoch: number): Promise<EngineState> {
  const text = await redis.get(keys.engine);
  return text ? restoreEngine(text) : createEngine(epoch);
}

/** The state as last checkpointed, and where its duplicate-check ids are stored. */
export async function loadCheckpoint(redis: Redis, keys: IngestKeys): Promise<{ state: MetricsState; runs: StoredRuns }> {
  const [meta, days] = await Promise.all([redis.get(keys.meta), redis.hgetall(keys.days)]);
  const { seen, runs, legacy } = await loadSeen(redis, keys);
  const state = restoreState({ meta, days: Object.entries(days).map(([d, t]) => [Number(d), t] as [number, string]), seen });
  if (legacy) {
    // Ids stored the old way: the first checkpoint rewrites everything (ids as runs, the old sets deleted).
    markAllDirty(state);
  }
  return { state, runs };
}

/**
 * Write what the journal says changed, the dead letters and the acks, atomically. Returns where
 * the duplicate-check ids are stored now (the caller passes it to the next commit).
 */
export async function commit(
  redis: Redis,
  keys: IngestKeys,
  state: MetricsState,
  engine: EngineState,
  runs: StoredRuns,
  acks: Record<Source, string[]>,
  dead: readonly DeadLetter[],
  deadMaxLen: number,
): Promise<StoredRuns> {
  const m = redis.multi() as WithDeadLetter;
  const journal = state.journal;
  for (const day of journal.dirtyDays) {
    const bucket = state.days.get(day);
    if (bucket) m.hset(keys.days, String(day), serializeDay(bucket));
    else m.hdel(keys.days, String(day));
  }
  m.set(keys.meta, serializeMeta(state));
  m.set(keys.engine, serializeEngine(engine));
  const nextRuns = writeSeen(m, keys, state, runs);
  for (const d of dead) {
    // The payload bounded (prefix, length, hash); the reason bounded too, as it may quote the payload.
    const b = d.raw === undefined ? null : boundRaw(d.raw);
    m.deadLetter(keys.deadLetters, keys.deadSeen, Date.now(), `${d.source}:${d.streamId}`, deadMaxLen, d.source, d.streamId, d.reason.slice(0, 500), b?.raw ?? '', b?.rawBytes ?? '', b?.rawSha256 ?? '');
  }
  for (const s of SOURCES) if (acks[s].length > 0) m.xack(keys.streams[s], keys.group, ...acks[s]);
  const results = await m.exec();
  const failed = results?.find(([err]) => err);
  if (!results || failed) throw new Error(`checkpoint failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
  state.journal = emptyJournal();
  return nextRuns;
}
