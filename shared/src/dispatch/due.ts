// Reminders and escalations (督办) as data, not timers. For the stage a case is in — acceptance
// while it is dispatched, the report while it is accepted or in progress — the policy gives a
// ladder of steps: reminders to the unit at fractions of the stage's time, then, once the deadline
// has passed, the escalation steps. dueActions says which steps are due at an instant and not yet
// recorded on the case; the caller claims each by its key (SET NX across gateways), sends it, and
// records it with recordDue, which appends to the timeline. A restart loses nothing (what was due
// while the gateway was down is due at once) and doubles nothing (recorded steps are never due).
//
// After downtime only the newest reminder of a stage is sent: "half the time is gone" is noise
// once 80 % is. Escalations are never skipped: each tells someone different.
import { type Case, type NoticeTarget, type CaseStage, isCaseOpen } from './case.ts';
import { type DispatchPolicy, hoursMs } from './policy.ts';
import { addDuration, durationBetween } from './workingHours.ts';

export interface DueAction {
  /** `${caseId}:${stage}#${round}:remind:${fraction}` or `…:escalate:${afterHours}h:${to}`; stable, for claiming once. */
  key: string;
  caseId: string;
  stage: CaseStage;
  round: number;
  kind: 'remind' | 'escalate';
  /** When the step falls due. */
  at: number;
  to: NoticeTarget;
  /** remind: the fraction of the stage's time gone. */
  fraction?: number;
  /** escalate: hours after the deadline. */
  afterHours?: number;
  /** The stage's deadline, for the message ("due 15:30", "overdue since 15:30"). */
  deadline: number;
}

/** The stage whose clock is running, or null (reported: the official's turn; closed; cancelled). */
export function runningStage(c: Pick<Case, 'state'>): CaseStage | null {
  if (c.state === 'dispatched') return 'accept';
  if (c.state === 'accepted' || c.state === 'in_progress') return 'report';
  return null;
}

/** Past the running stage's deadline at `at` (for the board's "overdue" filter and the wall's red). */
export function isOverdue(c: Case, at: number): boolean {
  const stage = runningStage(c);
  return stage !== null && at > c.deadlines[stage].due;
}

/** Every step of the running stage, in time order. */
export function dueLadder(c: Case, policy: DispatchPolicy): DueAction[] {
  const stage = runningStage(c);
  if (stage === null) return [];
  const p = policy.priorities[c.priority];
  const cal = policy.workingHours;
  const { round, from, due } = c.deadlines[stage];
  const base = `${c.id}:${stage}#${round}`;
  const span = durationBetween(from, due, p.calendar, cal);
  const steps: DueAction[] = [];
  for (const fraction of p.remindAt) {
    const at = addDuration(from, Math.round(span * fraction), p.calendar, cal);
    steps.push({ key: `${base}:remind:${fraction}`, caseId: c.id, stage, round, kind: 'remind', at, to: 'unit', fraction, deadline: due });
  }
  for (const s of p.escalate) {
    // Overdue means past the deadline: a step "0 hours after" falls due 1 ms after it.
    const at = Math.max(due + 1, addDuration(due, hoursMs(s.afterHours), p.calendar, cal));
    steps.push({ key: `${base}:escalate:${s.afterHours}h:${s.to}`, caseId: c.id, stage, round, kind: 'escalate', at, to: s.to, afterHours: s.afterHours, deadline: due });
  }
  return steps.sort((a, b) => a.at - b.at);
}

function recordedKeys(c: Case): Set<string> {
  const keys = new Set<string>();
  for (const e of c.timeline) if (e.key !== undefined) keys.add(e.key);
  return keys;
}

/** The ladder with the steps a recorded later step has made moot removed, and the recorded ones. */
function pending(c: Case, policy: DispatchPolicy): DueAction[] {
  const steps = dueLadder(c, policy);
  const recorded = recordedKeys(c);
  let last = -1;
  steps.forEach((s, i) => {
    if (recorded.has(s.key)) last = i;
  });
  return steps.filter((s, i) => i > last && !recorded.has(s.key));
}

/** The steps due at `at` that the case has not recorded yet, oldest first. */
export function dueActions(c: Case, policy: DispatchPolicy, at: number): DueAction[] {
  if (!isCaseOpen(c)) return [];
  const due = pending(c, policy).filter((s) => s.at <= at);
  // A reminder followed by another due step is stale: keep escalations, and the newest reminder only.
  return due.filter((s, i) => s.kind === 'escalate' || i === due.length - 1);
}

/**
 * When the case next has something due, or null. With `after`, only steps falling due after that
 * instant: a scheduler that has just handled `now` asks for `nextDueAt(c, policy, now)`, so a step
 * claimed by a gateway that died before recording it cannot keep it spinning.
 */
export function nextDueAt(c: Case, policy: DispatchPolicy, after = -Infinity): number | null {
  if (!isCaseOpen(c)) return null;
  let next: number | null = null;
  for (const s of pending(c, policy)) if (s.at > after && (next === null || s.at < next)) next = s.at;
  return next;
}

/**
 * The case with the step recorded (version bumped, a 'system' entry on the timeline), or null when
 * there is nothing to record: already recorded, or the stage has moved on since the step was due.
 * System entries do not make a person's pending command stale (see isStale).
 */
export function recordDue(c: Case, action: DueAction, at: number): Case | null {
  if (runningStage(c) !== action.stage || c.deadlines[action.stage].round !== action.round || c.id !== action.caseId) return null;
  if (recordedKeys(c).has(action.key)) return null;
  const version = c.version + 1;
  return {
    ...c,
    version,
    timeline: [...c.timeline, {
      type: action.kind === 'remind' ? 'reminded' : 'escalated', version, at, by: 'system', role: 'system', from: c.state, to: c.state, key: action.key, target: action.to,
    }],
  };
}
