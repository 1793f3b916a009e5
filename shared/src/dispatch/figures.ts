// CaseTimeliness figures (办理时效): how fast units accept, report and get their cases closed, and how
// often within the deadline. Pure functions over a list of cases and the instant they are taken at
// (a case still open past its deadline already counts as late).
//
// A case counts for the unit it is with now, from when it was last dispatched to that unit (a
// reassignment starts the new unit's clock; the old unit's delay is the reassigning official's
// business, on the timeline). Cancelled cases are counted but left out of every time and rate.
// Report timeliness: late if any report since that dispatch came after its round's deadline, or if
// the case is still waiting for a report past the deadline now; on time if reported and never late.
import { type Case, isCaseOpen } from './case.ts';
import { isOverdue } from './due.ts';
import type { DispatchPolicy } from './policy.ts';
import { monthKey } from '../time.ts';
import { workingTimeBetween } from './workingHours.ts';

export interface CaseTimeliness {
  onTime: number;
  /** Cases whose outcome is known: done, or past the deadline. */
  decided: number;
  /** onTime / decided, or null when nothing is decided yet. */
  rate: number | null;
}

export interface CaseDurations {
  count: number;
  /** Mean wall-clock time, ms; null when count is 0. */
  meanMs: number | null;
  /** Mean working time (the policy's office hours on working days), ms. */
  meanWorkingMs: number | null;
}

export interface CaseFigures {
  /** Cases dispatched, cancelled ones included. */
  cases: number;
  cancelled: number;
  open: number;
  /** Open and past the deadline of the stage it is in (see isOverdue). */
  overdueOpen: number;
  toAccept: CaseDurations;
  toReport: CaseDurations;
  toClose: CaseDurations;
  acceptOnTime: CaseTimeliness;
  reportOnTime: CaseTimeliness;
}

export interface UnitMonthFigures extends CaseFigures {
  unitId: string;
  /** 'yyyy-MM' of the dispatch to the unit, Shanghai time. */
  month: string;
}

/** When the case was last given to its current unit. */
export function dispatchedAt(c: Case): number {
  return c.deadlines.accept.from;
}

function durations(pairs: [number, number][], policy: DispatchPolicy): CaseDurations {
  if (pairs.length === 0) return { count: 0, meanMs: null, meanWorkingMs: null };
  let wall = 0;
  let work = 0;
  for (const [a, b] of pairs) {
    wall += b - a;
    work += workingTimeBetween(a, b, policy.workingHours);
  }
  return { count: pairs.length, meanMs: wall / pairs.length, meanWorkingMs: work / pairs.length };
}

function timeliness(outcomes: (boolean | null)[]): CaseTimeliness {
  const decided = outcomes.filter((o) => o !== null).length;
  const onTime = outcomes.filter((o) => o === true).length;
  return { onTime, decided, rate: decided === 0 ? null : onTime / decided };
}

/** true on time, false late, null not known yet (or cancelled). */
export function acceptOutcome(c: Case, at: number): boolean | null {
  if (c.state === 'cancelled') return null;
  if (c.acceptedAt !== null) return c.acceptedAt <= c.deadlines.accept.due;
  return at > c.deadlines.accept.due ? false : null;
}

export function reportOutcome(c: Case, at: number): boolean | null {
  if (c.state === 'cancelled') return null;
  const since = dispatchedAt(c);
  const reports = c.timeline.filter((e) => e.type === 'reported' && e.at >= since);
  const waiting = c.state === 'dispatched' || c.state === 'accepted' || c.state === 'in_progress';
  if (reports.some((e) => e.onTime === false) || (waiting && at > c.deadlines.report.due)) return false;
  return reports.length > 0 ? true : null;
}

/** CaseFigures for any set of cases (a unit's month, a park's day, the whole zone today). */
export function caseFigures(cases: readonly Case[], at: number, policy: DispatchPolicy): CaseFigures {
  const live = cases.filter((c) => c.state !== 'cancelled');
  const accept: [number, number][] = [];
  const report: [number, number][] = [];
  const close: [number, number][] = [];
  let overdueOpen = 0;
  for (const c of live) {
    const from = dispatchedAt(c);
    if (c.acceptedAt !== null) accept.push([from, c.acceptedAt]);
    const firstReport = c.timeline.find((e) => e.type === 'reported' && e.at >= from);
    if (firstReport) report.push([from, firstReport.at]);
    if (c.closedAt !== null) close.push([from, c.closedAt]);
    if (isOverdue(c, at)) overdueOpen++;
  }
  return {
    cases: cases.length,
    cancelled: cases.length - live.length,
    open: live.filter(isCaseOpen).length,
    overdueOpen,
    toAccept: durations(accept, policy),
    toReport: durations(report, policy),
    toClose: durations(close, policy),
    acceptOnTime: timeliness(live.map((c) => acceptOutcome(c, at))),
    reportOnTime: timeliness(live.map((c) => reportOutcome(c, at))),
  };
}

/** CaseFigures per unit and month of dispatch, ordered by month then unit. */
export function unitMonthFigures(cases: readonly Case[], at: number, policy: DispatchPolicy): UnitMonthFigures[] {
  const groups = new Map<string, { unitId: string; month: string; cases: Case[] }>();
  for (const c of cases) {
    const month = monthKey(dispatchedAt(c));
    const k = `${month}|${c.unitId}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { unitId: c.unitId, month, cases: [] }));
    g.cases.push(c);
  }
  return [...groups.values()]
    .sort((a, b) => (a.month === b.month ? a.unitId.localeCompare(b.unitId) : a.month.localeCompare(b.month)))
    .map((g) => ({ unitId: g.unitId, month: g.month, ...caseFigures(g.cases, at, policy) }));
}
