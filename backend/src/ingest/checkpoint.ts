// The durable half of the consumer: state and acknowledgements written in one MULTI, so an entry is
// acknowledged exactly when what it changed is stored. A crash at any moment leaves either both or
// neither; unacknowledged entries are read again on start and applied to the last stored state.
import type { ChainableCommander, Redis } from 'ioredis';
import { type EngineState, type MetricsState, SOURCES, type Source, createEngine, emptyJournal, restoreEngine, restoreState, serializeDay, serializeEngine, serializeMeta } from '@torch/shared';
import type { IngestKeys } from './keys.ts';
import { defineScripts } from '../scripts/index.ts';

export interface DeadLetter {
  source: Source;
  streamId: string;
  reason: string;
  raw: string | undefined;
}

type WithDeadLetter = ChainableCommander & {
  deadLetter(deadStream: string, seenKey: string, score: number, member: string, maxLen: number, source: string, entry: string, reason: string, raw: string): ChainableCommander;
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

export async function loadCheckpoint(redis: Redis, keys: IngestKeys): Promise<MetricsState> {
  const [meta, days] = await Promise.all([redis.get(keys.meta), redis.hgetall(keys.days)]);
  const seen = {} as Record<Source, [string, number][]>;
  for (const s of SOURCES) {
    // Members are `<event time>|<id>`, scored by insertion order: restored in the order they were seen.
    const members = await redis.zrange(keys.seen[s], '0', '-1');
    seen[s] = members.map((m) => {
      const bar = m.indexOf('|');
      return [m.slice(bar + 1), Number(m.slice(0, bar))] as [string, number];
    });
  }
  return restoreState({ meta, days: Object.entries(days).map(([d, t]) => [Number(d), t] as [number, string]), seen });
}

/** Write what the journal says changed, the dead letters and the acks, atomically. */
export async function commit(
  redis: Redis,
  keys: IngestKeys,
  state: MetricsState,
  engine: EngineState,
  acks: Record<Source, string[]>,
  dead: readonly DeadLetter[],
  deadMaxLen: number,
): Promise<void> {
  const m = redis.multi() as WithDeadLetter;
  const journal = state.journal;
  for (const day of journal.dirtyDays) {
    const bucket = state.days.get(day);
    if (bucket) m.hset(keys.days, String(day), serializeDay(bucket));
    else m.hdel(keys.days, String(day));
  }
  m.set(keys.meta, serializeMeta(state));
  m.set(keys.engine, serializeEngine(engine));
  for (const s of SOURCES) {
    const ids = journal.newIds[s];
    if (ids.length > 0) {
      const args: (string | number)[] = [];
      for (const [id, ts, order] of ids) args.push(order, `${ts}|${id}`);
      m.zadd(keys.seen[s], ...args);
    }
    const pruned = journal.prunedIds[s];
    if (pruned.length > 0) m.zrem(keys.seen[s], ...pruned.map(([id, ts]) => `${ts}|${id}`));
  }
  for (const d of dead) {
    m.deadLetter(keys.deadLetters, keys.deadSeen, Date.now(), `${d.source}:${d.streamId}`, deadMaxLen, d.source, d.streamId, d.reason, d.raw ?? '');
  }
  for (const s of SOURCES) if (acks[s].length > 0) m.xack(keys.streams[s], keys.group, ...acks[s]);
  const results = await m.exec();
  const failed = results?.find(([err]) => err);
  if (!results || failed) throw new Error(`checkpoint failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
  state.journal = emptyJournal();
}
