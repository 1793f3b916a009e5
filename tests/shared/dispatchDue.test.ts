// Reminders and escalations as data: exact instants with injected times (no timers), each step
// due once, nothing lost after downtime, nothing due once the stage has moved on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, type Case, DispatchRequestSchema } from '../../shared/src/dispatch/case.ts';
import { dueActions, dueLadder, isOverdue, nextDueAt, recordDue } from '../../shared/src/dispatch/due.ts';
import { apply, createCase } from '../../shared/src/dispatch/lifecycle.ts';
import { DEFAULT_DISPATCH_POLICY as policy } from '../../shared/src/dispatch/policy.ts';
import { HOUR_MS, MINUTE_MS, parseShanghai } from '../../shared/src/time.ts';
import { isWorkingTime, workingTimeBetween } from '../../shared/src/dispatch/workingHours.ts';

const official: Actor = { username: 'duty.li', role: 'official', units: [] };
const responder: Actor = { username: 'tp.duty', role: 'responder', units: ['office-torch-park'] };
const at = parseShanghai;

function dispatch(priority: 'P1' | 'P2' | 'P3', when: number): Case {
  const r = createCase('C-7', DispatchRequestSchema.parse({ title: '开票量骤降', priority, unitId: 'office-torch-park' }), official, when, policy);
  if (!r.ok) throw new Error(r.message);
  return r.case;
}

function act(c: Case, cmd: Record<string, unknown>, who: Actor, when: number): Case {
  const r = apply(c, { version: c.version, ...cmd } as never, who, when, policy);
  if (!r.ok) throw new Error(r.message);
  return r.case;
}

/** What a gateway does at `when`: record every due step (claiming is the caller's, and trivially won here). */
function tick(c: Case, when: number): { c: Case; sent: string[] } {
  const sent: string[] = [];
  for (const a of dueActions(c, policy, when)) {
    const next = recordDue(c, a, when);
    if (next) {
      c = next;
      sent.push(a.key);
    }
  }
  return { c, sent };
}

describe('a P1 case, counted around the clock', () => {
  const T0 = at('2026-03-06T10:00');
  const c0 = dispatch('P1', T0); // accept within 30 min, report within 4 h

  it('has its ladder at exact instants', () => {
    expect(dueLadder(c0, policy).map((s) => [s.key, s.at, s.to])).toEqual([
      ['C-7:accept#1:remind:0.5', at('2026-03-06T10:15'), 'unit'],
      ['C-7:accept#1:remind:0.8', at('2026-03-06T10:24'), 'unit'],
      ['C-7:accept#1:escalate:0h:unit-head', at('2026-03-06T10:30') + 1, 'unit-head'],
      ['C-7:accept#1:escalate:1h:duty-official', at('2026-03-06T11:30'), 'duty-official'],
    ]);
  });

  it('says nothing a millisecond early, each step once at its instant', () => {
    expect(dueActions(c0, policy, at('2026-03-06T10:15') - 1)).toEqual([]);
    expect(nextDueAt(c0, policy)).toBe(at('2026-03-06T10:15'));

    let { c, sent } = tick(c0, at('2026-03-06T10:15'));
    expect(sent).toEqual(['C-7:accept#1:remind:0.5']);
    expect(dueActions(c, policy, at('2026-03-06T10:15'))).toEqual([]);
    expect(nextDueAt(c, policy)).toBe(at('2026-03-06T10:24'));

    ({ c, sent } = tick(c, at('2026-03-06T10:24')));
    expect(sent).toEqual(['C-7:accept#1:remind:0.8']);
    expect(isOverdue(c, at('2026-03-06T10:30'))).toBe(false);
    expect(isOverdue(c, at('2026-03-06T10:30') + 1)).toBe(true);

    ({ c, sent } = tick(c, at('2026-03-06T10:30')));
    expect(sent).toEqual([]);
    ({ c, sent } = tick(c, at('2026-03-06T10:30') + 1));
    expect(sent).toEqual(['C-7:accept#1:escalate:0h:unit-head']);
    ({ c, sent } = tick(c, at('2026-03-06T11:30')));
    expect(sent).toEqual(['C-7:accept#1:escalate:1h:duty-official']);
    expect(nextDueAt(c, policy)).toBeNull();

    // Recorded on the timeline, by the system, each bumping the version.
    const system = c.timeline.filter((e) => e.role === 'system');
    expect(system.map((e) => [e.type, e.target, e.version])).toEqual([
      ['reminded', 'unit', 2], ['reminded', 'unit', 3], ['escalated', 'unit-head', 4], ['escalated', 'duty-official', 5],
    ]);
  });

  it('after downtime: the newest reminder only, but every escalation', () => {
    expect(dueActions(c0, policy, at('2026-03-06T10:29')).map((a) => a.key)).toEqual(['C-7:accept#1:remind:0.8']);
    expect(dueActions(c0, policy, at('2026-03-06T12:00')).map((a) => a.key)).toEqual([
      'C-7:accept#1:escalate:0h:unit-head',
      'C-7:accept#1:escalate:1h:duty-official',
    ]);
    const { c } = tick(c0, at('2026-03-06T12:00'));
    // The skipped reminders are moot for good: nothing due, nothing to schedule.
    expect(dueActions(c, policy, at('2026-03-06T12:00'))).toEqual([]);
    expect(nextDueAt(c, policy)).toBeNull();
  });

  it('is idempotent: recording a step twice, or one the case has moved past, does nothing', () => {
    const [a] = dueActions(c0, policy, at('2026-03-06T10:15'));
    const once = recordDue(c0, a!, at('2026-03-06T10:15'))!;
    expect(recordDue(once, a!, at('2026-03-06T10:16'))).toBeNull();
    const accepted = act(c0, { type: 'accept' }, responder, at('2026-03-06T10:14'));
    expect(recordDue(accepted, a!, at('2026-03-06T10:15'))).toBeNull();
  });

  it('moves to the report stage once accepted, and stops once reported', () => {
    let c = tick(c0, at('2026-03-06T10:15')).c;
    c = act(c, { type: 'accept' }, responder, at('2026-03-06T10:20'));
    expect(dueActions(c, policy, at('2026-03-06T10:24'))).toEqual([]); // the accept stage is over
    // Report due 14:00 (4 h from dispatch): reminders at 12:00 and 13:12.
    expect(nextDueAt(c, policy)).toBe(at('2026-03-06T12:00'));
    expect(dueActions(c, policy, at('2026-03-06T13:12')).map((a) => a.key)).toEqual(['C-7:report#1:remind:0.8']);
    c = act(c, { type: 'report', findings: 'f', actions: 'a' }, responder, at('2026-03-06T13:00'));
    expect(dueActions(c, policy, at('2026-03-06T20:00'))).toEqual([]);
    expect(nextDueAt(c, policy)).toBeNull();
    expect(isOverdue(c, at('2026-03-06T20:00'))).toBe(false);
  });

  it('starts a new round after a return, with new keys', () => {
    let c = act(c0, { type: 'accept' }, responder, at('2026-03-06T10:20'));
    c = tick(c, at('2026-03-06T12:00')).c; // report#1 reminder 0.5
    c = act(c, { type: 'report', findings: 'f', actions: 'a' }, responder, at('2026-03-06T12:30'));
    c = act(c, { type: 'return', reason: '不完整' }, official, at('2026-03-06T13:00'));
    expect(dueLadder(c, policy)[0]).toMatchObject({ key: 'C-7:report#2:remind:0.5', at: at('2026-03-06T15:00') });
    expect(tick(c, at('2026-03-06T15:00')).sent).toEqual(['C-7:report#2:remind:0.5']);
  });

  it('nextDueAt after an instant skips a step claimed by a gateway that died before recording it', () => {
    // 10:15 was claimed elsewhere and never recorded; a scheduler that handled 10:15 looks further.
    expect(nextDueAt(c0, policy)).toBe(at('2026-03-06T10:15'));
    expect(nextDueAt(c0, policy, at('2026-03-06T10:15'))).toBe(at('2026-03-06T10:24'));
  });

  it('has nothing due for closed or cancelled cases', () => {
    const cancelled = act(c0, { type: 'cancel', reason: '误报' }, official, at('2026-03-06T10:01'));
    expect(dueActions(cancelled, policy, at('2026-03-07T00:00'))).toEqual([]);
    expect(nextDueAt(cancelled, policy)).toBeNull();
  });
});

describe('a P2 case across National Day and the 调休 Saturday after it', () => {
  // Dispatched Wednesday 2026-09-30 16:00; 10-01..07 are holidays, Saturday 10-10 a make-up day.
  const c0 = act(dispatch('P2', at('2026-09-30T16:00')), { type: 'accept' }, responder, at('2026-09-30T16:30'));

  it('reminds and escalates at working-time instants', () => {
    expect(c0.deadlines.report.due).toBe(at('2026-10-09T16:00')); // 2 h + 7.5 h + 5.5 h
    expect(dueLadder(c0, policy).map((s) => [s.key, s.at])).toEqual([
      ['C-7:report#1:remind:0.5', at('2026-10-08T16:00')], // 7.5 h: 2 h on 09-30, 5.5 h on 10-08
      ['C-7:report#1:remind:0.8', at('2026-10-09T11:30')], // 12 h
      ['C-7:report#1:escalate:0h:unit-head', at('2026-10-09T16:00') + 1],
      ['C-7:report#1:escalate:4h:duty-official', at('2026-10-10T11:00')], // 2 h Friday, 2 h on the make-up Saturday
    ]);
  });

  it('is quiet through the holiday', () => {
    expect(nextDueAt(c0, policy)).toBe(at('2026-10-08T16:00'));
    expect(dueActions(c0, policy, at('2026-10-07T23:59'))).toEqual([]);
  });
});

describe('properties', () => {
  it('whatever the ticks, each step is recorded at most once and no escalation is lost', () => {
    const T0 = at('2026-09-30T16:00');
    const c0 = dispatch('P2', T0);
    const end = at('2026-10-12T00:00');
    fc.assert(fc.property(fc.array(fc.integer({ min: T0, max: end }), { maxLength: 30 }), (ticks) => {
      let c = c0;
      for (const t of [...ticks].sort((a, b) => a - b)) c = tick(c, t).c;
      c = tick(c, end).c; // a last tick after everything
      const keys = c.timeline.filter((e) => e.key).map((e) => e.key!);
      expect(new Set(keys).size).toBe(keys.length);
      const escalations = dueLadder(c0, policy).filter((s) => s.kind === 'escalate').map((s) => s.key);
      expect(keys.filter((k) => k.includes(':escalate:'))).toEqual(escalations);
      expect(dueActions(c, policy, end)).toEqual([]);
      expect(nextDueAt(c, policy)).toBeNull();
    }), { numRuns: 60 });
  });

  it('a scheduler that sleeps until nextDueAt sends exactly the ladder', () => {
    const c0 = dispatch('P1', at('2026-03-06T23:50'));
    let c = c0;
    let next = nextDueAt(c, policy);
    let guard = 0;
    while (next !== null && guard++ < 20) {
      c = tick(c, next).c;
      next = nextDueAt(c, policy, next);
    }
    expect(c.timeline.filter((e) => e.key).map((e) => e.key)).toEqual(dueLadder(c0, policy).map((s) => s.key));
    expect(c.timeline.filter((e) => e.key).map((e) => e.at)).toEqual(dueLadder(c0, policy).map((s) => s.at));
  });

  it('P3 steps sit at their fraction of the working time, and escalations their hours after the deadline', () => {
    const p3 = policy.priorities.P3;
    fc.assert(fc.property(fc.integer({ min: at('2026-01-01'), max: at('2027-12-01') }), (t) => {
      const c = dispatch('P3', t - (t % MINUTE_MS));
      const { from, due } = c.deadlines.accept;
      const span = workingTimeBetween(from, due);
      expect(span).toBe(p3.acceptHours * HOUR_MS);
      for (const s of dueLadder(c, policy)) {
        expect(isWorkingTime(s.at - 2)).toBe(true); // in, or at the very end of, a working period
        if (s.kind === 'remind') expect(workingTimeBetween(from, s.at)).toBe(Math.round(span * s.fraction!));
        else if (s.afterHours! > 0) expect(workingTimeBetween(due, s.at)).toBe(s.afterHours! * HOUR_MS);
      }
    }), { numRuns: 100 });
  });
});
