// Turning a raw stream entry into an event, or into a reason for the dead letters. Pure: the only
// time it looks at is the entry's own arrival time (its stream id), so replay refuses exactly what
// live refused.
import { EVENT_SCHEMA_VERSION, type FeedEvent } from '../events.ts';
import { parseFeedEvent } from '../eventCheck.ts';
import { ENTRY_FIELDS, type Source } from '../streams.ts';

/** An event may claim a time at most this far after it reached the log (clock skew at the source). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export type DecodedEntry =
  | { ok: true; event: FeedEvent; arrival: number }
  | { ok: false; reason: string; arrival: number; raw: string | undefined };

// ---- the log's order ----
// A Redis stream id is `<ms>-<seq>`: the arrival time in ms, then a sequence number within that
// millisecond. The three source streams merged form the log; live ingestion and replay apply its
// entries in one order: stream id, then source (its index in SOURCES). Everything that parses,
// prints or compares stream ids uses these.

/** A stream id, `<ms>-<seq>`, as numbers. */
export interface StreamId {
  ms: number;
  seq: number;
}

/** An entry's place in the log: its stream id, then its source's index in SOURCES. */
export interface LogPosition extends StreamId {
  source: number;
}

const STREAM_ID = /^(\d+)-(\d+)$/;

/** Parse `<ms>-<seq>`; anything else (no sequence, signs, spaces, beyond 2^53) is a RangeError. */
export function parseStreamId(id: string): StreamId {
  const m = STREAM_ID.exec(id);
  const ms = m ? Number(m[1]) : NaN;
  const seq = m ? Number(m[2]) : NaN;
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(seq)) throw new RangeError(`not a stream id (<ms>-<seq>): "${id}"`);
  return { ms, seq };
}

/** Whether text is a complete stream id `<ms>-<seq>` that parseStreamId accepts. */
export function isStreamId(text: string): boolean {
  const m = STREAM_ID.exec(text);
  return m !== null && Number.isSafeInteger(Number(m[1])) && Number.isSafeInteger(Number(m[2]));
}

export function formatStreamId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

/** Stream-id order: negative when a comes first, 0 when equal. */
export function compareStreamIds(a: StreamId, b: StreamId): number {
  return a.ms - b.ms || a.seq - b.seq;
}

/** Log order: stream id, then source. Live ingestion and replay apply entries in this order. */
export function compareEntries(a: LogPosition, b: LogPosition): number {
  return a.ms - b.ms || a.seq - b.seq || a.source - b.source;
}

/** The log position of a stream id read from the source at this index in SOURCES. */
export function logPosition(id: string, source: number): LogPosition {
  const { ms, seq } = parseStreamId(id);
  return { ms, seq, source };
}

/** Arrival time (ms) of a stream id `<ms>-<seq>`. */
export function arrivalOf(streamId: string): number {
  return parseStreamId(streamId).ms;
}

/** Fields of an entry as Redis returns them: a flat [name, value, name, value, …] list. */
export function fieldValue(flat: readonly string[], name: string): string | undefined {
  for (let i = 0; i < flat.length - 1; i += 2) if (flat[i] === name) return flat[i + 1];
  return undefined;
}

export function decodeEntry(source: Source, streamId: string, flat: readonly string[]): DecodedEntry {
  const arrival = arrivalOf(streamId);
  const raw = fieldValue(flat, ENTRY_FIELDS.event);
  const version = fieldValue(flat, ENTRY_FIELDS.version);
  if (version !== undefined && version !== String(EVENT_SCHEMA_VERSION)) {
    return { ok: false, reason: `schema version ${version} is not supported (expected ${EVENT_SCHEMA_VERSION})`, arrival, raw };
  }
  const parsed = parseFeedEvent(source, raw);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, arrival, raw };
  if (parsed.event.ts > arrival + FUTURE_TOLERANCE_MS) {
    const ahead = Math.round((parsed.event.ts - arrival) / 1000);
    return { ok: false, reason: `ts: event time is ${ahead} s after the event reached the log (limit ${FUTURE_TOLERANCE_MS / 1000} s)`, arrival, raw };
  }
  return { ok: true, event: parsed.event, arrival };
}
