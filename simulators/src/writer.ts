// Writes entries into the source streams, pipelined. Two id modes:
//  - live: '*', Redis assigns arrival time;
//  - history: explicit ids `<arrival ms>-<n>` so a backfilled stream is indexed by the time the
//    events arrived, exactly as if it had been recorded live. Entries at or below a stream's last
//    id are skipped, which makes a repeated or interrupted backfill resume instead of duplicating.
import type { Redis } from 'ioredis';
import { ENTRY_FIELDS, EVENT_SCHEMA_VERSION, type KeyLayout, SOURCES, type Source, type StreamId, compareStreamIds, formatStreamId, parseStreamId } from '@torch/shared';
import type { Outgoing } from './faults.ts';

export interface Retention {
  maxLen?: number;
  retentionMs?: number;
}

export interface WriteCounts {
  written: number;
  skipped: number;
  bySource: Record<Source, number>;
}

export function emptyCounts(): WriteCounts {
  return { written: 0, skipped: 0, bySource: { tax: 0, customs: 0, registry: 0 } };
}

const VERSION = String(EVENT_SCHEMA_VERSION);
const NO_ARGS: (string | number)[] = [];

export class StreamWriter {
  private readonly last = new Map<Source, StreamId>();
  private readonly next = new Map<Source, StreamId>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeyLayout,
    private readonly mode: 'live' | 'history',
    private readonly retention: Retention = {},
  ) {}

  /** Newest entry id per stream (null when the stream is empty or missing). */
  async lastIds(): Promise<Record<Source, StreamId | null>> {
    const out = {} as Record<Source, StreamId | null>;
    for (const s of SOURCES) {
      const top = await this.redis.xrevrange(this.keys.stream[s], '+', '-', 'COUNT', 1);
      out[s] = top[0] ? parseStreamId(top[0][0]) : null;
      if (out[s]) this.last.set(s, out[s]!);
    }
    return out;
  }

  private idFor(e: Outgoing): string | null {
    if (this.mode === 'live') return '*';
    let cur = this.next.get(e.source);
    if (!cur) this.next.set(e.source, (cur = { ms: e.arrival, seq: 0 }));
    else if (cur.ms === e.arrival) cur.seq++;
    else if (cur.ms < e.arrival) {
      cur.ms = e.arrival;
      cur.seq = 0;
    }
    else throw new Error(`history entries out of arrival order on ${e.source}`);
    const last = this.last.get(e.source);
    if (last && compareStreamIds(cur, last) <= 0) return null;
    return formatStreamId(cur);
  }

  private trimArgs(e: Outgoing): (string | number)[] {
    if (!this.retention.maxLen && !this.retention.retentionMs) return NO_ARGS;
    if (this.retention.maxLen) return ['MAXLEN', '~', this.retention.maxLen];
    if (this.retention.retentionMs) {
      const ref = this.mode === 'live' ? Date.now() : e.arrival;
      return ['MINID', '~', Math.max(0, ref - this.retention.retentionMs)];
    }
    return [];
  }

  /** Write a batch in one pipeline; resolves when Redis has answered every entry. */
  async write(entries: readonly Outgoing[], counts: WriteCounts = emptyCounts()): Promise<WriteCounts> {
    if (entries.length === 0) return counts;
    const pipe = this.redis.pipeline();
    const sent: Source[] = [];
    for (const e of entries) {
      const id = this.idFor(e);
      if (id === null) {
        counts.skipped++;
        continue;
      }
      const key = this.keys.stream[e.source];
      const trim = this.trimArgs(e);
      // The common case (an event, no trimming) avoids building argument arrays: this is the hot path.
      if (e.payload === undefined) pipe.xadd(key, ...trim, id, ENTRY_FIELDS.version, VERSION, 'note', 'entry without an event field');
      else if (trim.length === 0) pipe.xadd(key, id, ENTRY_FIELDS.version, VERSION, ENTRY_FIELDS.event, e.payload);
      else pipe.xadd(key, ...trim, id, ENTRY_FIELDS.version, VERSION, ENTRY_FIELDS.event, e.payload);
      sent.push(e.source);
    }
    if (sent.length === 0) return counts;
    const results = (await pipe.exec()) ?? [];
    results.forEach(([err], i) => {
      if (err) throw new Error(`XADD to ${this.keys.stream[sent[i]!]} failed: ${err.message}`);
      counts.written++;
      counts.bySource[sent[i]!]++;
    });
    return counts;
  }
}
