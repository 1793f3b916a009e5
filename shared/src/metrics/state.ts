// The reducer's state: daily and hourly aggregates per park, plus per-source bookkeeping (duplicate
// detection, lateness horizon, feed health) and the newest registry events for the ticker.
// Everything here is a function of the events applied, never of a clock.
import { SOURCES, type Source } from '../streams.ts';
import type { ParkId } from '../parks.ts';
import { DAY_WIDTH, HOURS_WIDTH } from './layout.ts';

export interface Limits {
  /** Keep hourly buckets this many days behind the newest event (same-day-last-year needs > 366). */
  hourDays: number;
  /** Keep daily aggregates this many days (long-range comparisons outlive raw events). */
  dayDays: number;
  /** Remember event ids this long behind a source's newest event time, for duplicate detection. */
  dedupWindowMs: number;
  /** …and at most this many ids per source: memory stays bounded under any load. */
  dedupMaxIds: number;
  /** Newest registry events kept for the ticker. */
  recentRegistry: number;
}

export const DEFAULT_LIMITS: Limits = {
  hourDays: 400,
  dayDays: 1100,
  dedupWindowMs: 48 * 3_600_000,
  dedupMaxIds: 200_000,
  recentRegistry: 20,
};

export interface DayBucket {
  day: number;
  /** PARKS × FIELDS */
  totals: Float64Array;
  /** 24 × PARKS × FIELDS, or null once older than the hourly retention. */
  hours: Float64Array | null;
}

export interface SourceState {
  /** Newest event time seen (the source's watermark). */
  watermark: number | null;
  /** Newest arrival (stream entry time) seen. */
  lastArrival: number | null;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Events refused because they were older than the duplicate-detection horizon. */
  tooLate: number;
  /** Rehearsal events (re-fed captures) applied, and the arrival of the newest: screens say so. */
  rehearsal: number;
  lastRehearsal: number | null;
  /** Ids seen, in insertion order, with their event time. */
  seen: Map<string, number>;
  /** Event times at or below this can no longer be checked for duplicates. */
  horizon: number;
  /** Accepted events per event-time minute, last 60 minutes behind the watermark. */
  minutes: Map<number, number>;
}

export interface RecentRegistryEvent {
  id: string;
  ts: number;
  kind: 'registry.established' | 'registry.deregistered';
  parkId: ParkId;
  name: string;
  capital: number;
  foreign: boolean;
}

/** What changed since the last checkpoint; the edge drains it, the logic ignores it. */
export interface Journal {
  dirtyDays: Set<number>;
  /** Ids remembered since, in insertion order, and their event times (two flat lists: no tuple per
   *  event). Every accepted event adds one id, so the first of them was the source's
   *  `accepted - newIds.length`-th: the edge stores them as one run starting there. */
  newIds: Record<Source, string[]>;
  newTs: Record<Source, number[]>;
  /** The stored ids are lost or stale (Redis wiped or rolled back): newIds holds every remembered id; replace them all. */
  rewriteIds: boolean;
}

export interface MetricsState {
  limits: Limits;
  days: Map<number, DayBucket>;
  /** Newest day with data: retention is measured from it. */
  newestDay: number | null;
  sources: Record<Source, SourceState>;
  recent: RecentRegistryEvent[];
  /** Events applied in total (not counting duplicates and refusals). */
  applied: number;
  journal: Journal;
}

export function emptySource(): SourceState {
  return { watermark: null, lastArrival: null, accepted: 0, rejected: 0, duplicates: 0, tooLate: 0, rehearsal: 0, lastRehearsal: null, seen: new Map(), horizon: -Infinity, minutes: new Map() };
}

export function emptyJournal(): Journal {
  return { dirtyDays: new Set(), newIds: { tax: [], customs: [], registry: [] }, newTs: { tax: [], customs: [], registry: [] }, rewriteIds: false };
}

export function createState(limits: Partial<Limits> = {}): MetricsState {
  return {
    limits: { ...DEFAULT_LIMITS, ...limits },
    days: new Map(),
    newestDay: null,
    sources: Object.fromEntries(SOURCES.map((s) => [s, emptySource()])) as Record<Source, SourceState>,
    recent: [],
    applied: 0,
    journal: emptyJournal(),
  };
}

export function newDay(day: number, withHours: boolean): DayBucket {
  return { day, totals: new Float64Array(DAY_WIDTH), hours: withHours ? new Float64Array(HOURS_WIDTH) : null };
}

/** Put the whole state in the journal, so the next checkpoint rewrites it all (after Redis lost it). */
export function markAllDirty(state: MetricsState): void {
  for (const day of state.days.keys()) state.journal.dirtyDays.add(day);
  for (const s of Object.keys(state.sources) as Source[]) {
    state.journal.newIds[s] = [...state.sources[s].seen.keys()];
    state.journal.newTs[s] = [...state.sources[s].seen.values()];
  }
  state.journal.rewriteIds = true;
}
