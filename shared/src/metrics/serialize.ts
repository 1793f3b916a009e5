// State to and from strings, for checkpoints: one string per day (sparse: most cells are zero), one
// for the rest. Duplicate-detection ids are stored by the edge as they come (see Journal).
import { SOURCES, type Source } from '../streams.ts';
import { DAY_WIDTH, HOURS_WIDTH, LAYOUT_VERSION } from './layout.ts';
import { type DayBucket, type Limits, type MetricsState, type RecentRegistryEvent, createState, emptySource } from './state.ts';

function sparse(a: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) out.push(i, a[i]!);
  return out;
}
function dense(pairs: number[], width: number): Float64Array {
  const a = new Float64Array(width);
  for (let i = 0; i < pairs.length; i += 2) a[pairs[i]!] = pairs[i + 1]!;
  return a;
}

export function serializeDay(b: DayBucket): string {
  return JSON.stringify({ v: LAYOUT_VERSION, t: sparse(b.totals), h: b.hours ? sparse(b.hours) : null });
}

export function parseDay(day: number, text: string): DayBucket {
  const o = JSON.parse(text) as { v: number; t: number[]; h: number[] | null };
  if (o.v !== LAYOUT_VERSION) throw new Error(`checkpoint of day ${day} has layout ${o.v}, this build reads ${LAYOUT_VERSION}`);
  return { day, totals: dense(o.t, DAY_WIDTH), hours: o.h ? dense(o.h, HOURS_WIDTH) : null };
}

interface MetaJson {
  v: number;
  applied: number;
  newestDay: number | null;
  recent: RecentRegistryEvent[];
  sources: Record<Source, { watermark: number | null; lastArrival: number | null; accepted: number; rejected: number; duplicates: number; tooLate: number; rehearsal?: number; lastRehearsal?: number | null; horizon: number | null; minutes: [number, number][]; forgotten?: number }>;
}

export function serializeMeta(s: MetricsState): string {
  const sources = {} as MetaJson['sources'];
  for (const k of SOURCES) {
    const x = s.sources[k];
    sources[k] = {
      watermark: x.watermark, lastArrival: x.lastArrival, accepted: x.accepted, rejected: x.rejected, duplicates: x.duplicates, tooLate: x.tooLate,
      rehearsal: x.rehearsal, lastRehearsal: x.lastRehearsal,
      horizon: Number.isFinite(x.horizon) ? x.horizon : null, minutes: [...x.minutes],
      // Ids are forgotten oldest first, one per accepted event: this many of the first ever seen are gone.
      forgotten: x.accepted - x.seen.size,
    };
  }
  return JSON.stringify({ v: LAYOUT_VERSION, applied: s.applied, newestDay: s.newestDay, recent: s.recent, sources } satisfies MetaJson);
}

/**
 * Rebuild a state from its checkpoint parts. `seen` lists each source's remembered ids, oldest
 * first; it may start with ids the state had already forgotten (stored in runs, a run is dropped
 * only once all of it is forgotten): those are forgotten again here.
 */
export function restoreState(parts: { meta: string | null; days: Iterable<[number, string]>; seen: Record<Source, [string, number][]> }, limits: Partial<Limits> = {}): MetricsState {
  const state = createState(limits);
  let stored: MetaJson['sources'] | null = null;
  if (parts.meta) {
    const m = JSON.parse(parts.meta) as MetaJson;
    stored = m.sources;
    if (m.v !== LAYOUT_VERSION) throw new Error(`checkpoint has layout ${m.v}, this build reads ${LAYOUT_VERSION}`);
    state.applied = m.applied;
    state.newestDay = m.newestDay;
    state.recent = m.recent;
    for (const k of SOURCES) {
      const x = m.sources[k];
      const { forgotten: _, ...rest } = x;
      state.sources[k] = { ...emptySource(), ...rest, horizon: x.horizon ?? -Infinity, minutes: new Map(x.minutes) };
    }
  }
  for (const [day, text] of parts.days) state.days.set(day, parseDay(day, text));
  for (const k of SOURCES) {
    const src = state.sources[k];
    const list = parts.seen[k];
    const forgotten = stored?.[k].forgotten;
    const remembered = forgotten === undefined ? list.length : src.accepted - forgotten;
    for (let i = Math.max(0, list.length - remembered); i < list.length; i++) src.seen.set(list[i]![0], list[i]![1]);
  }
  return state;
}
