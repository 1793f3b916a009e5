// Streams with consumer groups, in memory: the part of Redis the event log needs.
//
// Stored compactly, column by column: an entry is a number in `ms`, a number in `seq` and one
// byte string in `fields` (its field list already encoded as a RESP array, which is also exactly
// what a read sends back). No object per entry, none per field: ≈ 40 bytes besides the payload.
// Entries are only ever appended; trimming moves `head` and, now and then, copies what is left
// into new arrays (never in place), so a compaction of the log can read a stream's arrays as they
// were when it started while new entries arrive.
import { type StreamId, isStreamId, parseStreamId } from '@torch/shared';
import { RespError, raw, type Reply } from './resp.ts';

export type { StreamId };

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
  ms: number[];
  seq: number[];
  fields: string[];
  /** Index of the first live entry in the arrays (entries before it are trimmed). */
  head: number;
  last: StreamId;
  added: number;
  groups: Map<string, Group>;
}

export const idText = (id: StreamId): string => `${id.ms}-${id.seq}`;
export function cmp(a: StreamId, b: StreamId): number {
  return a.ms - b.ms || a.seq - b.seq;
}

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
  const rawId = exclusive ? text.slice(1) : text;
  return { id: parseId(rawId, isStart ? 0 : Number.MAX_SAFE_INTEGER), exclusive };
}

export function newStream(): Stream {
  return { type: 'stream', ms: [], seq: [], fields: [], head: 0, last: { ms: 0, seq: 0 }, added: 0, groups: new Map() };
}

export const length = (s: Stream): number => s.ms.length - s.head;
export const idAt = (s: Stream, i: number): StreamId => ({ ms: s.ms[i]!, seq: s.seq[i]! });

/** Array index of the first entry with id > (or ≥) the given one. */
export function firstAfter(s: Stream, id: StreamId, inclusive: boolean): number {
  let lo = s.head;
  let hi = s.ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = s.ms[mid]! - id.ms || s.seq[mid]! - id.seq;
    if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Array index of the entry with exactly this id, or -1. */
export function indexOf(s: Stream, id: StreamId): number {
  const i = firstAfter(s, id, true);
  return i < s.ms.length && s.ms[i] === id.ms && s.seq[i] === id.seq ? i : -1;
}

/** The entry at array index i as a reply: [id, fields]. */
export const entryReply = (s: Stream, i: number): Reply => [`${s.ms[i]}-${s.seq[i]}`, raw(s.fields[i]!)];

export function append(s: Stream, id: StreamId, fields: string): void {
  s.ms.push(id.ms);
  s.seq.push(id.seq);
  s.fields.push(fields);
  s.last = id;
  s.added++;
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

/** Drop entries from the front (MAXLEN / MINID); returns how many. */
export function trim(s: Stream, maxLen?: number, minId?: StreamId): number {
  let drop = 0;
  if (maxLen !== undefined && length(s) > maxLen) drop = length(s) - maxLen;
  if (minId) drop = Math.max(drop, firstAfter(s, minId, true) - s.head);
  if (drop <= 0) return 0;
  s.head += drop;
  // Copy the rest into new arrays once the dropped part dominates; the old arrays stay as they
  // were for whoever still reads them (a compaction in progress).
  if (s.head > 1024 && s.head * 2 > s.ms.length) {
    s.ms = s.ms.slice(s.head);
    s.seq = s.seq.slice(s.head);
    s.fields = s.fields.slice(s.head);
    s.head = 0;
  }
  return drop;
}
