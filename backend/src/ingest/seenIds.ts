// The duplicate check's ids in Redis, compactly: one hash per source, one field per checkpoint
// holding that checkpoint's new ids as a run (field = the run's first insertion number, value =
// `id Δts id Δts …`, Δts in base 36 from the previous id's event time). A sorted-set member per id
// cost ≈133 bytes and a ZADD argument pair per event; a run costs a few bytes more than its ids.
// The reducer forgets ids oldest first, so a run is dropped whole once its last id is forgotten;
// a restored state forgets again the ids of a run it had partly forgotten (restoreState).
import type { ChainableCommander, Redis } from 'ioredis';
import { type MetricsState, SOURCES, type Source } from '@torch/shared';
import type { IngestKeys } from './keys.ts';

/** Where each stored run starts and ends (insertion numbers), oldest first: what commit may drop. */
export type StoredRuns = Record<Source, { from: number; end: number }[]>;

export function encodeRun(ids: readonly string[], ts: readonly number[]): string {
  const parts: string[] = new Array<string>(ids.length * 2);
  let prev = 0;
  for (let i = 0; i < ids.length; i++) {
    parts[2 * i] = ids[i]!;
    parts[2 * i + 1] = (ts[i]! - prev).toString(36);
    prev = ts[i]!;
  }
  return parts.join(' ');
}

export function decodeRun(text: string, out: [string, number][]): number {
  if (text === '') return 0;
  const parts = text.split(' ');
  let ts = 0;
  for (let i = 0; i + 1 < parts.length; i += 2) {
    ts += parseInt(parts[i + 1]!, 36);
    out.push([parts[i]!, ts]);
  }
  return parts.length / 2;
}

/** Every source's stored ids, oldest first, and the runs they came in. Legacy sorted sets (one member per id) are read too. */
export async function loadSeen(redis: Redis, keys: IngestKeys): Promise<{ seen: Record<Source, [string, number][]>; runs: StoredRuns; legacy: boolean }> {
  const seen = {} as Record<Source, [string, number][]>;
  const runs = {} as StoredRuns;
  let legacy = false;
  for (const s of SOURCES) {
    seen[s] = [];
    runs[s] = [];
    const fields = await redis.hgetall(keys.seenRuns[s]);
    for (const from of Object.keys(fields).map(Number).sort((a, b) => a - b)) {
      runs[s].push({ from, end: from + decodeRun(fields[String(from)]!, seen[s]) });
    }
    if (runs[s].length > 0) continue;
    // Written by a gateway before runs: members `<event time>|<id>`, scored by insertion order.
    const members = await redis.zrange(keys.seen[s], '0', '-1');
    for (const m of members) {
      const bar = m.indexOf('|');
      seen[s].push([m.slice(bar + 1), Number(m.slice(0, bar))]);
    }
    legacy ||= members.length > 0;
  }
  return { seen, runs, legacy };
}

/**
 * Queue the journal's new ids as one run per source, and drop runs wholly forgotten. Returns what
 * `runs` becomes once the transaction lands (the caller keeps it only then).
 */
export function writeSeen(m: ChainableCommander, keys: IngestKeys, state: MetricsState, runs: StoredRuns): StoredRuns {
  const next = {} as StoredRuns;
  const j = state.journal;
  for (const s of SOURCES) {
    const src = state.sources[s];
    let kept = runs[s];
    if (j.rewriteIds) {
      m.del(keys.seenRuns[s], keys.seen[s]);
      kept = [];
    }
    const forgotten = src.accepted - src.seen.size;
    let drop = 0;
    while (drop < kept.length && kept[drop]!.end <= forgotten) drop++;
    if (drop > 0) m.hdel(keys.seenRuns[s], ...kept.slice(0, drop).map((r) => String(r.from)));
    next[s] = kept.slice(drop);
    const ids = j.newIds[s];
    if (ids.length > 0) {
      const from = src.accepted - ids.length;
      m.hset(keys.seenRuns[s], String(from), encodeRun(ids, j.newTs[s]));
      next[s].push({ from, end: src.accepted });
    }
  }
  return next;
}
