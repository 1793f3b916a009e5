// Keys of one gateway's consumer: its own consumer group (every gateway reduces every event, so
// each has the whole picture) and its own checkpoint.
import { type KeyLayout, SOURCES, type Source } from '@torch/shared';

export interface IngestKeys {
  group: string;
  streams: Record<Source, string>;
  deadLetters: string;
  deadSeen: string;
  days: string;
  meta: string;
  /** Duplicate-check ids, a hash of runs per source (seenIds.ts). */
  seenRuns: Record<Source, string>;
  /** Where ids were kept before runs (a sorted set per source): read once, then deleted. */
  seen: Record<Source, string>;
  /** This gateway's alert engine (pending timers, windows), checkpointed with the state. */
  engine: string;
}

export function ingestKeys(layout: KeyLayout, gatewayId: string): IngestKeys {
  const base = `${layout.prefix}gw:${gatewayId}:`;
  return {
    group: `gateway-${gatewayId}`,
    streams: layout.stream,
    deadLetters: layout.deadLetters,
    deadSeen: `${layout.prefix}dead:seen`,
    days: `${base}days`,
    meta: `${base}meta`,
    engine: `${base}alert-engine`,
    seenRuns: Object.fromEntries(SOURCES.map((s) => [s, `${base}seen-runs:${s}`])) as Record<Source, string>,
    seen: Object.fromEntries(SOURCES.map((s) => [s, `${base}seen:${s}`])) as Record<Source, string>,
  };
}
