// What the replay page holds besides the socket's feed: the period being chosen, the session it
// opened, what the timeline shows for the period, the last failure, and which panels are open. One
// pure reducer: time comes in the actions (never from a clock), so every rule is testable as is.
// The selectors below read the state the way the page's parts need it.
import { MINUTE_MS, type ParkId, type ReplayInfo, type Source } from '@torch/shared';
import { type DensityPoint, LIVE_ALERTS_LIMIT, type LiveAlert, ReplayApiError, retentionOf } from './api.ts';
import type { LiveCount } from './DryRunPanel.tsx';
import type { AlertSpan } from './state.ts';
import { type Range, type RangeProblem, checkRange, fromInputValue, toInputValue } from './time.ts';

/** What the page was doing when something failed (a failed close says the session lingers). */
export type PageTask = 'open' | 'control' | 'export' | 'close';

export interface PageFailure {
  during: PageTask;
  cause: unknown;
}

export interface ReplayPageState {
  /** The period being chosen, as the date-time inputs hold it (Shanghai wall-clock text). */
  fromText: string;
  toText: string;
  /** The focus for the next session (empty: the whole zone, every source). */
  parks: ParkId[];
  sources: Source[];
  /** The session watched (null: none), and its info as the last REST answer gave it. */
  sessionId: string | null;
  opened: ReplayInfo | null;
  opening: boolean;
  exporting: boolean;
  /** The last failure, shown until the next attempt. */
  failure: PageFailure | null;
  /** The timeline's data for the period: null until the first answer. */
  density: DensityPoint[] | null;
  liveAlerts: LiveAlert[];
  /** The period the live alerts were fetched for (the dry run compares only with its own period). */
  liveFor: Range | null;
  /** The last week's alerts, for "five minutes before an alert"; null until known. */
  recent: LiveAlert[] | null;
  dryRunOpen: boolean;
}

export type ReplayPageAction =
  | { type: 'fromTyped'; text: string }
  | { type: 'toTyped'; text: string }
  /** A quick choice, or the hour before an alert. */
  | { type: 'rangePicked'; range: Range }
  /** Move the start to the earliest the gateway offered; `now` caps a made-up end. */
  | { type: 'earliestUsed'; at: number; now: number }
  | { type: 'parksFocused'; parks: ParkId[] }
  | { type: 'sourcesFocused'; sources: Source[] }
  /** Opening a session; `leaving`: the one watched is being closed first. */
  | { type: 'openStarted'; leaving: boolean }
  | { type: 'opened'; info: ReplayInfo }
  /** The tab's session, still running after a reload: its period and focus come back too. */
  | { type: 'resumed'; info: ReplayInfo }
  /** A control's answer: the session's fresher info. */
  | { type: 'controlled'; info: ReplayInfo }
  | { type: 'closed' }
  | { type: 'failed'; during: PageTask; cause: unknown }
  | { type: 'failureCleared' }
  | { type: 'exportStarted' }
  | { type: 'exported' }
  | { type: 'densityLoaded'; points: DensityPoint[] }
  /** `range` null: the fetch failed, so no period is known to hold these. */
  | { type: 'liveAlertsLoaded'; alerts: LiveAlert[]; range: Range | null }
  | { type: 'recentLoaded'; alerts: LiveAlert[] }
  | { type: 'dryRunToggled' }
  | { type: 'dryRunClosed' };

/** The page on arrival: the period in the inputs, nothing open. */
export function initialPageState(range: Range): ReplayPageState {
  return {
    ...inputsOf(range), parks: [], sources: [], sessionId: null, opened: null, opening: false, exporting: false, failure: null,
    density: null, liveAlerts: [], liveFor: null, recent: null, dryRunOpen: false,
  };
}

function inputsOf(r: Range): Pick<ReplayPageState, 'fromText' | 'toText'> {
  return { fromText: toInputValue(r.from), toText: toInputValue(r.to) };
}

/** How long a period starting at the earliest offered instant lasts when the typed end cannot be kept. */
export const EARLIEST_SPAN_MS = 60 * MINUTE_MS;

export function replayPageReducer(s: ReplayPageState, a: ReplayPageAction): ReplayPageState {
  switch (a.type) {
    case 'fromTyped':
      return { ...s, fromText: a.text };
    case 'toTyped':
      return { ...s, toText: a.text };
    case 'rangePicked':
      return { ...s, ...inputsOf(a.range) };
    case 'earliestUsed': {
      // Keep the typed end when it still comes after the new start; else an hour, never past now.
      const to = fromInputValue(s.toText);
      const end = to !== null && to > a.at ? to : Math.min(a.at + EARLIEST_SPAN_MS, a.now);
      return { ...s, ...inputsOf({ from: a.at, to: end }), failure: null };
    }
    case 'parksFocused':
      return { ...s, parks: a.parks };
    case 'sourcesFocused':
      return { ...s, sources: a.sources };
    case 'openStarted':
      return { ...s, opening: true, failure: null, ...(a.leaving ? { sessionId: null } : {}) };
    case 'opened':
      return { ...s, opening: false, opened: a.info, sessionId: a.info.id };
    case 'resumed':
      return {
        ...s, opened: a.info, sessionId: a.info.id, ...inputsOf(a.info),
        parks: (a.info.parks ?? []) as ParkId[], sources: (a.info.sources ?? []) as Source[],
      };
    case 'controlled':
      return { ...s, opened: a.info, failure: null };
    case 'closed':
      return { ...s, sessionId: null, opened: null };
    case 'failed':
      return {
        ...s, failure: { during: a.during, cause: a.cause },
        ...(a.during === 'open' ? { opening: false } : {}), ...(a.during === 'export' ? { exporting: false } : {}),
      };
    case 'failureCleared':
      return s.failure === null ? s : { ...s, failure: null };
    case 'exportStarted':
      return { ...s, exporting: true };
    case 'exported':
      return { ...s, exporting: false };
    case 'densityLoaded':
      return { ...s, density: a.points };
    case 'liveAlertsLoaded':
      return { ...s, liveAlerts: a.alerts, liveFor: a.range };
    case 'recentLoaded':
      return { ...s, recent: a.alerts };
    case 'dryRunToggled':
      return { ...s, dryRunOpen: !s.dryRunOpen };
    case 'dryRunClosed':
      return { ...s, dryRunOpen: false };
  }
}

// ---- selectors ----

export interface ChosenRange {
  from: number | null;
  to: number | null;
  problem: RangeProblem | null;
}

/** The period the inputs hold, checked against now. */
export function chosenRange(s: Pick<ReplayPageState, 'fromText' | 'toText'>, now: number): ChosenRange {
  const from = fromInputValue(s.fromText);
  const to = fromInputValue(s.toText);
  return { from, to, problem: checkRange(from, to, now) };
}

/** The inputs' period when it is a valid one. */
export function validRange(c: ChosenRange): Range | null {
  return c.problem || c.from === null || c.to === null ? null : { from: c.from, to: c.to };
}

/**
 * The watched session's info: the socket's when it is about this session (it moves with the
 * clock), else the last REST answer's, else none (a session is being swapped).
 */
export function watchedInfo(s: Pick<ReplayPageState, 'sessionId' | 'opened'>, fromSocket: ReplayInfo | null): ReplayInfo | null {
  if (fromSocket?.id === s.sessionId) return fromSocket;
  return s.opened?.id === s.sessionId ? s.opened : null;
}

/** The timeline's period: the session's while one is watched, else the inputs' when valid. */
export function timelineRange(info: ReplayInfo | null, chosen: ChosenRange): Range | null {
  return info ? { from: info.from, to: info.to } : validRange(chosen);
}

/** The earliest start the gateway named when it refused a period it no longer holds. */
export function earliestOffered(f: PageFailure | null): number | null {
  return f?.cause instanceof ReplayApiError && f.cause.code === 'OUT_OF_RETENTION' ? retentionOf(f.cause.message).earliestStart : null;
}

/** The alerts that fired live, counted for the period they were fetched for (the dry run's comparison). */
export function liveCountOf(s: Pick<ReplayPageState, 'liveFor' | 'liveAlerts'>): LiveCount | null {
  return s.liveFor ? { range: s.liveFor, count: s.liveAlerts.length, capped: s.liveAlerts.length >= LIVE_ALERTS_LIMIT } : null;
}

/** The live alerts as the timeline's spans. */
export function liveSpansOf(alerts: readonly LiveAlert[]): AlertSpan[] {
  return alerts.map((a) => ({ id: a.id, name: a.rule.name, severity: a.rule.severity, labels: a.labels, firedAt: a.firedAt, resolvedAt: a.resolvedAt, origin: 'live' }));
}
