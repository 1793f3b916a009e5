// A case's life as a pure state machine: 派单 dispatched → 签收 accepted → 处置 in_progress →
// 反馈 reported → 办结 closed, or 退回 returned to in_progress; reassigned to another unit; cancelled.
// Every change is a function from one version to the next that appends to the timeline; the store
// writes it only if nobody else wrote in between (compare-and-set on `version`).
//
// Who may do what: the unit's members (responders) accept, start and report — that is the unit's
// word, so nobody else speaks for it, not even an admin; officials and admins dispatch, close,
// return, reassign and cancel; operators and walls only read. The order of checks is role, then
// version, then state: a stale request is a conflict carrying the case as it is now, which tells
// the person what happened (someone else closed it) better than "wrong state" would.
import {
  type Actor, type Case, type CaseCommand, type CaseCommandType, type CaseState, type DispatchRequest, type StageDeadline, type TimelineEntry, CASE_COMMANDS,
} from './case.ts';
import { type DispatchPolicy, hoursMs } from './policy.ts';
import { addDuration } from './workingHours.ts';

export type RefusalCode = 'forbidden' | 'conflict' | 'wrong_state' | 'invalid';

export type Refusal =
  | { ok: false; code: 'conflict'; message: string; current: Case }
  | { ok: false; code: Exclude<RefusalCode, 'conflict'>; message: string };

export type CaseResult = { ok: true; case: Case } | Refusal;

/** The states each command may start from, and the state it leads to. */
export const TRANSITIONS: Record<CaseCommandType, { from: readonly CaseState[]; to: CaseState }> = {
  accept: { from: ['dispatched'], to: 'accepted' },
  start: { from: ['accepted'], to: 'in_progress' },
  // A unit that has the answer at once need not press "start" first.
  report: { from: ['accepted', 'in_progress'], to: 'reported' },
  close: { from: ['reported'], to: 'closed' },
  return: { from: ['reported'], to: 'in_progress' },
  reassign: { from: ['dispatched', 'accepted', 'in_progress'], to: 'dispatched' },
  cancel: { from: ['dispatched', 'accepted', 'in_progress', 'reported'], to: 'cancelled' },
};

const UNIT_COMMANDS: ReadonlySet<CaseCommandType> = new Set(['accept', 'start', 'report']);

/** Whether the actor's role lets them do this to this case, whatever its state. */
export function mayCommand(actor: Actor, type: CaseCommandType, c: Pick<Case, 'unitId'>): boolean {
  if (UNIT_COMMANDS.has(type)) return actor.role === 'responder' && actor.units.includes(c.unitId);
  return actor.role === 'admin' || actor.role === 'official';
}

export function mayDispatch(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'official';
}

/** Whether the actor may read the case: responders their own unit's only, walls counts only. */
export function maySee(actor: Actor, c: Pick<Case, 'unitId'>): boolean {
  if (actor.role === 'display') return false;
  if (actor.role === 'responder') return actor.units.includes(c.unitId);
  return true;
}

/** The commands the actor may give now: the buttons a screen shows. */
export function allowedCommands(actor: Actor, c: Case): CaseCommandType[] {
  return CASE_COMMANDS.filter((t) => mayCommand(actor, t, c) && TRANSITIONS[t].from.includes(c.state));
}

function stageDeadline(round: number, from: number, hours: number, policy: DispatchPolicy, c: Pick<Case, 'priority'>): StageDeadline {
  const p = policy.priorities[c.priority];
  return { round, from, due: addDuration(from, hoursMs(hours), p.calendar, policy.workingHours) };
}

/** A new case, from a validated dispatch request. `id` comes from the caller (the store mints it). */
export function createCase(id: string, req: DispatchRequest, actor: Actor, at: number, policy: DispatchPolicy): CaseResult {
  if (!mayDispatch(actor)) return { ok: false, code: 'forbidden', message: `a ${actor.role} cannot dispatch cases` };
  const p = policy.priorities[req.priority];
  const accept = stageDeadline(1, at, p.acceptHours, policy, req);
  const report = stageDeadline(1, at, p.reportHours, policy, req);
  const o = req.deadlines;
  if (o?.acceptBy !== undefined) {
    if (o.acceptBy <= at) return { ok: false, code: 'invalid', message: 'the acceptance deadline must be in the future' };
    accept.due = o.acceptBy;
  }
  if (o?.reportBy !== undefined) {
    if (o.reportBy <= at) return { ok: false, code: 'invalid', message: 'the report deadline must be in the future' };
    report.due = o.reportBy;
  }
  if (report.due < accept.due) return { ok: false, code: 'invalid', message: 'the report cannot be due before the acceptance' };
  const entry: TimelineEntry = { type: 'dispatched', version: 1, at, by: actor.username, role: actor.role, from: null, to: 'dispatched', unitId: req.unitId };
  return {
    ok: true,
    case: {
      id, version: 1, title: req.title, description: req.description, park: req.park, category: req.category, priority: req.priority,
      unitId: req.unitId, alertIds: [...new Set(req.alertIds)], state: 'dispatched', createdBy: actor.username, createdAt: at,
      deadlines: { accept, report }, acceptedAt: null, reportedAt: null, closedAt: null, cancelledAt: null, report: null, timeline: [entry],
    },
  };
}

/**
 * A version the requester saw is stale only if a person changed the case since: reminders and
 * escalations (role 'system') bump the version but must not turn a responder's "accept" into a 409.
 */
export function isStale(c: Case, seen: number): boolean {
  if (seen > c.version) return true;
  return c.timeline.some((e) => e.version > seen && e.role !== 'system');
}

/** Apply a person's command to a case at instant `at`. The policy supplies new deadlines on reassign and return. */
export function apply(c: Case, cmd: CaseCommand, actor: Actor, at: number, policy: DispatchPolicy): CaseResult {
  if (!mayCommand(actor, cmd.type, c)) {
    const who = actor.role === 'responder' ? 'a member of another unit' : `a ${actor.role}`;
    return { ok: false, code: 'forbidden', message: `${who} cannot ${cmd.type} this case` };
  }
  if (isStale(c, cmd.version)) {
    return { ok: false, code: 'conflict', message: `the case changed (version ${c.version}, you saw ${cmd.version}); reload and try again`, current: c };
  }
  const t = TRANSITIONS[cmd.type];
  if (!t.from.includes(c.state)) return { ok: false, code: 'wrong_state', message: `cannot ${cmd.type} a case that is ${c.state.replace('_', ' ')}` };

  const version = c.version + 1;
  const entry: TimelineEntry = { type: 'dispatched', version, at, by: actor.username, role: actor.role, from: c.state, to: t.to };
  let next: Case = { ...c, version, state: t.to };
  switch (cmd.type) {
    case 'accept':
      entry.type = 'accepted';
      entry.onTime = at <= c.deadlines.accept.due;
      next.acceptedAt = at;
      break;
    case 'start':
      entry.type = 'started';
      break;
    case 'report':
      entry.type = 'reported';
      entry.findings = cmd.findings;
      entry.actions = cmd.actions;
      entry.onTime = at <= c.deadlines.report.due;
      next.reportedAt = at;
      next.report = { findings: cmd.findings, actions: cmd.actions, by: actor.username, at };
      break;
    case 'close':
      entry.type = 'closed';
      if (cmd.comment) entry.note = cmd.comment;
      next.closedAt = at;
      break;
    case 'return': {
      entry.type = 'returned';
      entry.note = cmd.reason;
      // The unit gets the priority's report time again, from now.
      const p = policy.priorities[c.priority];
      next.deadlines = { ...c.deadlines, report: stageDeadline(c.deadlines.report.round + 1, at, p.reportHours, policy, c) };
      next.reportedAt = null;
      break;
    }
    case 'reassign': {
      if (cmd.unitId === c.unitId) return { ok: false, code: 'invalid', message: 'the case is with that unit already' };
      entry.type = 'reassigned';
      entry.unitId = cmd.unitId;
      entry.fromUnitId = c.unitId;
      if (cmd.reason) entry.note = cmd.reason;
      // Another unit, another clock: both stages start again from now.
      const p = policy.priorities[c.priority];
      next = {
        ...next, unitId: cmd.unitId, acceptedAt: null, reportedAt: null, report: null,
        deadlines: {
          accept: stageDeadline(c.deadlines.accept.round + 1, at, p.acceptHours, policy, c),
          report: stageDeadline(c.deadlines.report.round + 1, at, p.reportHours, policy, c),
        },
      };
      break;
    }
    case 'cancel':
      entry.type = 'cancelled';
      entry.note = cmd.reason;
      next.cancelledAt = at;
      break;
  }
  next.timeline = [...c.timeline, entry];
  return { ok: true, case: next };
}
