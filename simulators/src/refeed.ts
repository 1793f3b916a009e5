// Re-feeding a capture (an NDJSON export of the streams, /api/replay/export) for a rehearsal:
// every event gets a new id and `rehearsal: true`, and its time is moved to now, keeping the
// capture's spacing divided by the speed. Entries that were not valid events are written as they
// were (the gateway dead-letters them again): a rehearsal of bad data is a rehearsal too.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ENTRY_FIELDS, type ExportLine, type KeyLayout, SOURCES, type Source } from '@torch/shared';
import { sleep } from './retry.ts';

export interface RefeedOptions {
  redis: Redis;
  keys: KeyLayout;
  lines: AsyncIterable<string>;
  /** Capture time per real time; 'max' writes as fast as Redis takes it. */
  speed: number | 'max';
  signal?: AbortSignal;
  now?: () => number;
}

export interface RefeedResult {
  written: number;
  bySource: Record<Source, number>;
  /** Lines that were not export lines at all. */
  unreadable: number;
  runId: string;
}

/** The rehearsal copy of a recorded `e` field, or the field itself when it is not an event. */
export function rehearsalPayload(e: string, runId: string, writeTime: number, arrival: number, speed: number | 'max'): string {
  let o: unknown;
  try {
    o = JSON.parse(e);
  } catch {
    return e;
  }
  if (typeof o !== 'object' || o === null || typeof (o as { id?: unknown }).id !== 'string' || typeof (o as { ts?: unknown }).ts !== 'number') return e;
  const ev = o as { id: string; ts: number };
  const lateness = (arrival - ev.ts) / (speed === 'max' ? 1 : speed);
  // Ids are at most 80 characters: keep the end of a long original, which is the distinctive part.
  const id = `rh${runId}-${ev.id}`;
  return JSON.stringify({ ...ev, id: id.length > 80 ? `rh${runId}-${ev.id.slice(-(77 - runId.length))}` : id, ts: Math.round(writeTime - lateness), rehearsal: true });
}

export async function refeed(o: RefeedOptions): Promise<RefeedResult> {
  const now = o.now ?? Date.now;
  const runId = randomBytes(3).toString('hex');
  const result: RefeedResult = { written: 0, bySource: { tax: 0, customs: 0, registry: 0 }, unreadable: 0, runId };
  const start = now();
  let first: number | null = null;
  let pipe = o.redis.pipeline();
  let queued = 0;
  const flush = async () => {
    if (queued === 0) return;
    const results = (await pipe.exec()) ?? [];
    for (const [err] of results) if (err) throw new Error(`XADD failed: ${err.message}`);
    pipe = o.redis.pipeline();
    queued = 0;
  };
  for await (const text of o.lines) {
    if (o.signal?.aborted) break;
    if (!text.trim()) continue;
    let line: ExportLine;
    try {
      line = JSON.parse(text) as ExportLine;
      if (!SOURCES.includes(line.source as Source) || typeof line.arrival !== 'number') throw new Error('not an export line');
    } catch {
      result.unreadable++;
      continue;
    }
    first ??= line.arrival;
    if (o.speed !== 'max') {
      const due = start + (line.arrival - first) / o.speed;
      if (due > now()) {
        await flush();
        await sleep(due - now(), o.signal);
      }
    }
    const fields: string[] = [];
    if (line.v !== null) fields.push(ENTRY_FIELDS.version, line.v);
    if (line.e !== null) fields.push(ENTRY_FIELDS.event, rehearsalPayload(line.e, runId, now(), line.arrival, o.speed));
    if (fields.length === 0) fields.push('note', 'entry without fields');
    pipe.xadd(o.keys.stream[line.source as Source], '*', ...fields);
    result.written++;
    result.bySource[line.source as Source]++;
    if (++queued >= 1000) await flush();
  }
  await flush();
  return result;
}
