// Turning a raw stream entry into an event, or into a reason for the dead letters. Pure: the only
// time it looks at is the entry's own arrival time (its stream id), so replay refuses exactly what
// live refused.
import { EVENT_SCHEMA_VERSION, type FeedEvent, parseFeedEvent } from '../events.ts';
import { ENTRY_FIELDS, type Source } from '../streams.ts';

/** An event may claim a time at most this far after it reached the log (clock skew at the source). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export type DecodedEntry =
  | { ok: true; event: FeedEvent; arrival: number }
  | { ok: false; reason: string; arrival: number; raw: string | undefined };

/** Arrival time of a stream id `ms-seq`. */
export function arrivalOf(streamId: string): number {
  return Number(streamId.slice(0, streamId.indexOf('-')));
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
