// Reading the recorded log back: the three streams merged in the order live ingestion applies
// entries (stream id, then source: compareEntries in shared), fetched in pages so memory stays flat
// however long the range.
import type { Redis } from 'ioredis';
import { type LogPosition, SOURCES, type Source, arrivalOf, compareEntries, formatStreamId, logPosition } from '@torch/shared';

export interface LogEntry extends LogPosition {
  id: string;
  stream: Source;
  fields: string[];
}

const PAGE = 2000;

/** Entries with arrival in [from, to], merged across the sources, in log order. */
export async function* readLog(redis: Redis, streams: Record<Source, string>, from: number, to: number, sources: readonly Source[] = SOURCES): AsyncGenerator<LogEntry> {
  const heads = sources.map((stream) => ({ stream, source: SOURCES.indexOf(stream), buffer: [] as LogEntry[], next: formatStreamId({ ms: from, seq: 0 }), done: false }));
  const refill = async (h: (typeof heads)[number]) => {
    if (h.done || h.buffer.length > 0) return;
    const page = (await redis.xrange(streams[h.stream], h.next, String(to), 'COUNT', PAGE)) as [string, string[]][];
    if (page.length < PAGE) h.done = true;
    for (const [id, fields] of page) h.buffer.push({ id, ...logPosition(id, h.source), stream: h.stream, fields });
    if (page.length > 0) h.next = `(${page[page.length - 1]![0]}`;
  };
  for (;;) {
    await Promise.all(heads.map(refill));
    let best: (typeof heads)[number] | null = null;
    for (const h of heads) if (h.buffer.length > 0 && (!best || compareEntries(h.buffer[0]!, best.buffer[0]!) < 0)) best = h;
    if (!best) return;
    // Take every entry of this stream that comes before the other heads, in one go.
    const limit = heads.filter((h) => h !== best && h.buffer.length > 0).map((h) => h.buffer[0]!);
    while (best.buffer.length > 0 && limit.every((o) => compareEntries(best.buffer[0]!, o) < 0)) yield best.buffer.shift()!;
  }
}

/**
 * From when the log is complete: the latest of the streams' oldest entries (a stream trimmed
 * further than the others limits what can be replayed). Null when the streams are empty.
 */
export async function firstArrival(redis: Redis, streams: Record<Source, string>): Promise<number | null> {
  let first: number | null = null;
  for (const s of SOURCES) {
    const [entry] = (await redis.xrange(streams[s], '-', '+', 'COUNT', 1)) as [string, string[]][];
    if (!entry) continue;
    const ms = arrivalOf(entry[0]);
    if (first === null || ms > first) first = ms;
  }
  return first;
}
