// How far this gateway's consumer group is behind each stream, derived from what the gateway can
// check: the group's last delivered id against the stream's own entries. Redis' `lag` field of
// XINFO GROUPS is not used: it is entries-added minus the group's entries-read counter, and that
// counter is known to go wrong (or missing) after an append-only-file reload, which left health
// reporting hundreds of entries behind with nothing pending and every entry counted.
import type { Redis } from 'ioredis';
import { SOURCES, type Source } from '@torch/shared';
import { errorText } from '@torch/simulators';
import type { IngestKeys } from './keys.ts';

export type FeedLag = Record<Source, { lag: number | null; pending: number }>;

/**
 * Entries counted one by one up to this many on either side of the cursor (one XRANGE each); a
 * backlog deeper than that on both sides is estimated from the ids' timestamps. Bounded, because
 * health is public and asks on every call.
 */
export const LAG_EXACT_UP_TO = 1000;

const idMs = (id: string) => Number(id.split('-')[0]);
const idSeq = (id: string) => Number(id.split('-')[1] ?? 0);
/** a < b for stream ids "ms-seq". */
function idBefore(a: string, b: string): boolean {
  return idMs(a) < idMs(b) || (idMs(a) === idMs(b) && idSeq(a) < idSeq(b));
}

/**
 * Entries of `stream` after `lastDelivered`: 0 when the cursor is at the newest entry; exact when
 * at most LAG_EXACT_UP_TO lie after it, or at most that many up to it (XLEN minus those); else
 * interpolated on the ids' times between the first and the newest entry.
 */
export async function undelivered(redis: Redis, stream: string, lastDelivered: string): Promise<number> {
  const newest = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
  if (newest.length === 0 || !idBefore(lastDelivered, newest[0]![0])) return 0;
  const after = await redis.xrange(stream, `(${lastDelivered}`, '+', 'COUNT', LAG_EXACT_UP_TO + 1);
  if (after.length <= LAG_EXACT_UP_TO) return after.length;
  const length = await redis.xlen(stream);
  const upTo = await redis.xrange(stream, '-', lastDelivered, 'COUNT', LAG_EXACT_UP_TO + 1);
  if (upTo.length <= LAG_EXACT_UP_TO) return length - upTo.length;
  // Deep in a large backlog on both sides: where the cursor's time lies between the first and the
  // newest entry's, within the bounds the two counts proved.
  const first = idMs(upTo[0]![0]);
  const span = Math.max(1, idMs(newest[0]![0]) - first);
  const estimate = Math.round((length * (idMs(newest[0]![0]) - idMs(lastDelivered))) / span);
  return Math.min(length - LAG_EXACT_UP_TO - 1, Math.max(LAG_EXACT_UP_TO + 1, estimate));
}

/** Per source: entries not yet delivered to this gateway's group, and entries delivered but not acknowledged. Throws when Redis fails. */
export async function consumerLag(redis: Redis, keys: IngestKeys): Promise<FeedLag> {
  const out = {} as FeedLag;
  for (const s of SOURCES) {
    out[s] = { lag: null, pending: 0 };
    let groups: unknown[][];
    try {
      groups = (await redis.xinfo('GROUPS', keys.streams[s])) as unknown[][];
    } catch (e) {
      // A stream not created yet has no lag yet; anything else (Redis unreachable) is the caller's
      // to handle: reported as unknown lag it would look like a quiet feed.
      if (/no such key/i.test(errorText(e))) continue;
      throw e;
    }
    for (const g of groups) {
      const fields = new Map<string, unknown>();
      for (let i = 0; i < g.length; i += 2) fields.set(String(g[i]), g[i + 1]);
      if (fields.get('name') !== keys.group) continue;
      const last = String(fields.get('last-delivered-id') ?? '0-0');
      out[s] = { lag: await undelivered(redis, keys.streams[s], last), pending: Number(fields.get('pending') ?? 0) };
    }
  }
  return out;
}
