// Streams with consumer groups, in memory: the part of Redis the event log needs.
import { type StreamId, compareStreamIds, formatStreamId, isStreamId, parseStreamId } from '@torch/shared';
import { RespError } from './resp.ts';

export type { StreamId };
export interface StreamEntry {
  id: StreamId;
  key: string;
  fields: string[];
}
export interface PendingEntry {
  consumer: string;
  deliveredAt: number;
  count: number;
}
export interface Group {
  lastDelivered: StreamId;
  entriesRead: number;
  pel: Map<string, PendingEntry>;
  consumers: Set<string>;
}
export interface Stream {
  type: 'stream';
  entries: StreamEntry[];
  last: StreamId;
  added: number;
  groups: Map<string, Group>;
}

export const idText = formatStreamId;
export const cmp = compareStreamIds;

/** A stream id as a command argument: also '-', '+' and a bare `<ms>` (its seq then `missingSeq`), as Redis takes them. */
export function parseId(text: string, missingSeq: number = 0): StreamId {
  if (text === '-') return { ms: 0, seq: 0 };
  if (text === '+') return { ms: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER };
  const bare = /^\d+$/.test(text);
  const full = bare ? `${text}-0` : text;
  if (!isStreamId(full)) throw new RespError('ERR Invalid stream ID specified as stream command argument');
  const id = parseStreamId(full);
  return bare ? { ms: id.ms, seq: missingSeq } : id;
}

/** A range bound: '(' makes it exclusive. */
export function bound(text: string, isStart: boolean): { id: StreamId; exclusive: boolean } {
  const exclusive = text.startsWith('(');
  const raw = exclusive ? text.slice(1) : text;
  return { id: parseId(raw, isStart ? 0 : Number.MAX_SAFE_INTEGER), exclusive };
}

export function newStream(): Stream {
  return { type: 'stream', entries: [], last: { ms: 0, seq: 0 }, added: 0, groups: new Map() };
}

/** Index of the first entry with id > (or ≥) the given one. */
export function firstAfter(s: Stream, id: StreamId, inclusive: boolean): number {
  let lo = 0;
  let hi = s.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = cmp(s.entries[mid]!.id, id);
    if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function nextId(s: Stream, requested: string, now: number): StreamId {
  if (requested === '*') {
    return now > s.last.ms ? { ms: now, seq: 0 } : { ms: s.last.ms, seq: s.last.seq + 1 };
  }
  const id = parseId(requested, -1);
  if (id.seq === -1) id.seq = id.ms === s.last.ms ? s.last.seq + 1 : 0;
  if (cmp(id, s.last) <= 0 || (id.ms === 0 && id.seq === 0)) {
    throw new RespError('ERR The ID specified in XADD is equal or smaller than the target stream top item');
  }
  return id;
}

export function trim(s: Stream, maxLen?: number, minId?: StreamId): number {
  let drop = 0;
  if (maxLen !== undefined && s.entries.length > maxLen) drop = s.entries.length - maxLen;
  if (minId) drop = Math.max(drop, firstAfter(s, minId, true));
  if (drop > 0) s.entries.splice(0, drop);
  return drop;
}
