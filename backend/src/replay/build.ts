// Building the exact state of an instant for a replay (see shared/src/replay/start.ts for why the
// seam is exact), and applying recorded entries to it the way live ingestion did.
import type { Redis } from 'ioredis';
import {
  type AlertRecord, type AlertTransition, FUTURE_TOLERANCE_MS, type MetricsState, type Pipeline, type RuleSet, type Source, advance,
  RAW_DAYS, createEngine, dayNumber, dayNumberStart, decodeEntry, evaluationLeadMs, processEntry, seamDay, seedOpenAlerts, seedState,
} from '@torch/shared';
import { type LogEntry, firstArrival, readLog } from './log.ts';

export interface BuildDeps {
  redis: Redis;
  streams: Record<Source, string>;
  /** The live reducer state: its days before the seam are copied. */
  live: () => MetricsState;
  /** When alerting was switched on (live evaluated nothing before). */
  alertEpoch: number;
  /** Alert records that may have been open at an instant (the store's open ones and those fired since). */
  alertsAround: (at: number) => Promise<AlertRecord[]>;
}

export interface Replayable {
  pipeline: Pipeline;
  /** Events with an event time before this are counted in the copied days. */
  seamStart: number;
}

export class RetentionError extends Error {
  constructor(readonly firstAvailable: number | null, readonly earliestStart: number | null) {
    super(firstAvailable === null ? 'the streams hold no events' : 'the streams no longer hold the events needed for that start');
  }
}

/** The earliest replay start whose raw days the streams still hold, given their oldest entry. */
export function earliestStart(firstArrival: number): number {
  const firstWholeDay = dayNumber(firstArrival + FUTURE_TOLERANCE_MS - 1) + 1;
  return dayNumberStart(firstWholeDay + RAW_DAYS);
}

/** The earliest arrival a replay or dry run starting at `at` reads from the log. */
export function earliestRead(at: number): number {
  return dayNumberStart(seamDay(at)) - FUTURE_TOLERANCE_MS;
}

/** Apply one recorded entry as live ingestion did; returns the alert transitions it caused. */
export function applyLogEntry(r: Replayable, e: LogEntry): AlertTransition[] {
  const decoded = decodeEntry(e.stream, e.id, e.fields);
  if (decoded.ok && decoded.event.ts < r.seamStart) {
    // Counted in the copied days already (live accepted it before the start, or refused it as
    // too late): it only moves the alert clock.
    r.pipeline.metrics.sources[e.stream].tooLate++;
    return advance(r.pipeline.engine, r.pipeline.rules, r.pipeline.metrics, decoded.arrival);
  }
  return processEntry(r.pipeline, e.stream, decoded).transitions;
}

/**
 * The state holding exactly the entries that arrived before `at`. With `seedAlerts`, the engine's
 * fired alerts are those the store says were open at `at` (a replay of what live did); without
 * (a dry run of draft rules), evaluation simply starts a day before.
 */
export async function buildAt(d: BuildDeps, rules: RuleSet, at: number, seedAlerts: boolean): Promise<Replayable> {
  const seam = seamDay(at);
  const seamStart = dayNumberStart(seam);
  const readFrom = earliestRead(at);
  const first = await firstArrival(d.redis, d.streams);
  if (first === null || first > readFrom) throw new RetentionError(first, first === null ? null : earliestStart(first));
  const lead = evaluationLeadMs(rules);
  const epoch = seedAlerts ? Math.max(d.alertEpoch, at - lead) : at - lead;
  const r: Replayable = { pipeline: { metrics: seedState(d.live(), seam), engine: createEngine(epoch), rules }, seamStart };
  for await (const e of readLog(d.redis, d.streams, readFrom, at - 1)) applyLogEntry(r, e);
  if (seedAlerts) seedOpenAlerts(r.pipeline.engine, await d.alertsAround(at), rules, at);
  return r;
}
