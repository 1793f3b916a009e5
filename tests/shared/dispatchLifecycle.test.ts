// The case lifecycle: every state × command, who may do what, version conflicts, deadlines set at
// dispatch and restarted by returns and reassignments, and the timeline.
import { describe, expect, it } from 'vitest';
import { type Actor, type Case, type CaseCommand, type CaseCommandType, type CaseState, CaseSchema, DispatchRequestSchema, priorityOfSeverity } from '../../shared/src/dispatch/case.ts';
import { allowedCommands, apply, createCase, maySee } from '../../shared/src/dispatch/lifecycle.ts';
import { DEFAULT_DISPATCH_POLICY as policy } from '../../shared/src/dispatch/policy.ts';
import { HOUR_MS, MINUTE_MS, parseShanghai } from '../../shared/src/time.ts';

const T0 = parseShanghai('2026-03-06T16:00'); // a Friday
const official: Actor = { username: 'duty.li', role: 'official', units: [] };
const admin: Actor = { username: 'root', role: 'admin', units: [] };
const operator: Actor = { username: 'ops.wang', role: 'operator', units: [] };
const display: Actor = { username: 'wall-1', role: 'display', units: [] };
const responder: Actor = { username: 'tp.duty', role: 'responder', units: ['office-torch-park'] };
const stranger: Actor = { username: 'sp2.duty', role: 'responder', units: ['office-software-park-2'] };

function dispatch(priority: 'P1' | 'P2' | 'P3' = 'P2', at = T0): Case {
  const req = DispatchRequestSchema.parse({ title: '火炬园本月税收同比下降', priority, unitId: 'office-torch-park', park: 'torch-park', category: 'tax', alertIds: ['a1', 'a1', 'a2'] });
  const r = createCase('C-1', req, official, at, policy);
  if (!r.ok) throw new Error(r.message);
  return r.case;
}

/** The command, filled in with what it needs and the case's version. */
function command(type: CaseCommandType, c: Case): CaseCommand {
  const version = c.version;
  switch (type) {
    case 'accept': case 'start': return { type, version };
    case 'report': return { type, version, findings: '两家龙头企业开票推迟', actions: '已约谈企业，预计下周补开' };
    case 'close': return { type, version, comment: '' };
    case 'return': return { type, version, reason: '请补充企业名单' };
    case 'reassign': return { type, version, unitId: 'liaison-tax', reason: '' };
    case 'cancel': return { type, version, reason: '误报' };
  }
}

const actorFor = (type: CaseCommandType): Actor => (['accept', 'start', 'report'].includes(type) ? responder : official);

function step(c: Case, type: CaseCommandType, at: number): Case {
  const r = apply(c, command(type, c), actorFor(type), at, policy);
  if (!r.ok) throw new Error(`${type}: ${r.message}`);
  return r.case;
}

/** A case in each state, reached by the ordinary path. */
function inState(state: CaseState): Case {
  let c = dispatch();
  const t = (m: number) => T0 + m * MINUTE_MS;
  const paths: Record<CaseState, CaseCommandType[]> = {
    dispatched: [],
    accepted: ['accept'],
    in_progress: ['accept', 'start'],
    reported: ['accept', 'start', 'report'],
    closed: ['accept', 'start', 'report', 'close'],
    cancelled: ['cancel'],
  };
  paths[state].forEach((type, i) => (c = step(c, type, t(i + 1))));
  expect(c.state).toBe(state);
  return c;
}

describe('dispatch', () => {
  it('creates version 1 with the policy deadlines, unique alert ids and one timeline entry', () => {
    const c = dispatch('P2');
    expect(CaseSchema.parse(c)).toEqual(c);
    expect(c).toMatchObject({ version: 1, state: 'dispatched', unitId: 'office-torch-park', alertIds: ['a1', 'a2'], createdBy: 'duty.li', createdAt: T0 });
    // P2 counts working hours: accept in 2 h (Friday 18:00), report in 15 h (Tuesday 16:00).
    expect(c.deadlines.accept).toEqual({ round: 1, from: T0, due: parseShanghai('2026-03-06T18:00') });
    expect(c.deadlines.report).toEqual({ round: 1, from: T0, due: parseShanghai('2026-03-10T16:00') });
    expect(c.timeline).toEqual([{ type: 'dispatched', version: 1, at: T0, by: 'duty.li', role: 'official', from: null, to: 'dispatched', unitId: 'office-torch-park' }]);
  });

  it('counts P1 around the clock', () => {
    const c = dispatch('P1');
    expect(c.deadlines.accept.due).toBe(T0 + 0.5 * HOUR_MS);
    expect(c.deadlines.report.due).toBe(T0 + 4 * HOUR_MS);
  });

  it('takes the priority from the alert severity', () => {
    expect(['critical', 'warning', 'info'].map((s) => priorityOfSeverity(s as never))).toEqual(['P1', 'P2', 'P3']);
  });

  it('is for officials and admins only', () => {
    const req = DispatchRequestSchema.parse({ title: 't', priority: 'P3', unitId: 'office-torch-park' });
    expect(createCase('C-2', req, admin, T0, policy).ok).toBe(true);
    for (const a of [operator, display, responder]) expect(createCase('C-2', req, a, T0, policy)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('takes the official\'s own deadlines, if they make sense', () => {
    const base = { title: 't', priority: 'P3', unitId: 'office-torch-park' };
    const own = createCase('C-3', DispatchRequestSchema.parse({ ...base, deadlines: { acceptBy: T0 + HOUR_MS, reportBy: T0 + 2 * HOUR_MS } }), official, T0, policy);
    expect(own.ok && own.case.deadlines).toEqual({ accept: { round: 1, from: T0, due: T0 + HOUR_MS }, report: { round: 1, from: T0, due: T0 + 2 * HOUR_MS } });
    expect(createCase('C-3', DispatchRequestSchema.parse({ ...base, deadlines: { acceptBy: T0 } }), official, T0, policy)).toMatchObject({ ok: false, code: 'invalid' });
    expect(createCase('C-3', DispatchRequestSchema.parse({ ...base, deadlines: { reportBy: T0 + MINUTE_MS } }), official, T0, policy)).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('refuses a request without title or with unknown fields', () => {
    expect(DispatchRequestSchema.safeParse({ title: ' ', priority: 'P1', unitId: 'office-torch-park' }).success).toBe(false);
    expect(DispatchRequestSchema.safeParse({ title: 't', priority: 'P1', unitId: 'office-torch-park', state: 'closed' }).success).toBe(false);
  });
});

describe('the lifecycle table', () => {
  // Written out by hand (not read from TRANSITIONS): what each command does from each state.
  const table: Record<CaseState, Partial<Record<CaseCommandType, CaseState>>> = {
    dispatched: { accept: 'accepted', reassign: 'dispatched', cancel: 'cancelled' },
    accepted: { start: 'in_progress', report: 'reported', reassign: 'dispatched', cancel: 'cancelled' },
    in_progress: { report: 'reported', reassign: 'dispatched', cancel: 'cancelled' },
    reported: { close: 'closed', return: 'in_progress', cancel: 'cancelled' },
    closed: {},
    cancelled: {},
  };
  const commands: CaseCommandType[] = ['accept', 'start', 'report', 'close', 'return', 'reassign', 'cancel'];

  for (const [state, allowed] of Object.entries(table) as [CaseState, Partial<Record<CaseCommandType, CaseState>>][]) {
    for (const type of commands) {
      const to = allowed[type];
      it(`${state} × ${type} → ${to ?? 'wrong_state'}`, () => {
        const c = inState(state);
        const at = T0 + HOUR_MS;
        const r = apply(c, command(type, c), actorFor(type), at, policy);
        if (to === undefined) {
          expect(r).toMatchObject({ ok: false, code: 'wrong_state' });
          return;
        }
        if (!r.ok) throw new Error(r.message);
        expect(r.case.state).toBe(to);
        expect(r.case.version).toBe(c.version + 1);
        expect(r.case.timeline.slice(0, -1)).toEqual(c.timeline);
        expect(r.case.timeline.at(-1)).toMatchObject({ version: c.version + 1, at, by: actorFor(type).username, from: state, to });
        expect(CaseSchema.safeParse(r.case).success).toBe(true);
      });
    }
  }
});

describe('roles', () => {
  const unitCommands: CaseCommandType[] = ['accept', 'start', 'report'];
  const officialCommands: CaseCommandType[] = ['close', 'return', 'reassign', 'cancel'];
  // A state where each command is allowed, so only the role can refuse it.
  const where: Record<CaseCommandType, CaseState> = { accept: 'dispatched', start: 'accepted', report: 'in_progress', close: 'reported', return: 'reported', reassign: 'in_progress', cancel: 'in_progress' };

  const tryAs = (actor: Actor, type: CaseCommandType) => {
    const c = inState(where[type]);
    return apply(c, command(type, c), actor, T0 + HOUR_MS, policy);
  };

  it('the unit\'s members accept, start and report; nobody else does, not even an admin', () => {
    for (const type of unitCommands) {
      expect(tryAs(responder, type).ok, type).toBe(true);
      for (const a of [stranger, official, admin, operator, display]) expect(tryAs(a, type), `${a.username} ${type}`).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  it('officials and admins close, return, reassign and cancel; responders, operators and walls do not', () => {
    for (const type of officialCommands) {
      for (const a of [official, admin]) expect(tryAs(a, type).ok, `${a.username} ${type}`).toBe(true);
      for (const a of [responder, stranger, operator, display]) expect(tryAs(a, type), `${a.username} ${type}`).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  it('a refused role is told before a stale version or a wrong state', () => {
    const c = inState('closed');
    expect(apply(c, { type: 'accept', version: 1 }, stranger, T0, policy)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('who sees a case, and which buttons they get', () => {
    const c = inState('reported');
    expect([official, admin, operator, responder, stranger, display].map((a) => maySee(a, c))).toEqual([true, true, true, true, false, false]);
    expect(allowedCommands(official, c)).toEqual(['close', 'return', 'cancel']);
    expect(allowedCommands(responder, c)).toEqual([]);
    expect(allowedCommands(responder, inState('accepted'))).toEqual(['start', 'report']);
    expect(allowedCommands(operator, inState('dispatched'))).toEqual([]);
  });
});

describe('version conflicts', () => {
  it('two officials at once: one closes, the other is told with the case as it is now', () => {
    const seen = inState('reported');
    const first = apply(seen, { type: 'close', version: seen.version, comment: '' }, official, T0 + HOUR_MS, policy);
    expect(first.ok).toBe(true);
    const now = (first as { case: Case }).case;
    const second = apply(now, { type: 'return', version: seen.version, reason: '再核实' }, admin, T0 + HOUR_MS + 1, policy);
    expect(second).toMatchObject({ ok: false, code: 'conflict', current: now });
  });

  it('two members accepting at once: one wins', () => {
    const c = dispatch();
    const other: Actor = { username: 'tp.head', role: 'responder', units: ['office-torch-park'] };
    const won = step(c, 'accept', T0 + MINUTE_MS);
    expect(apply(won, { type: 'accept', version: c.version }, other, T0 + MINUTE_MS, policy)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('a version from the future is a conflict too', () => {
    const c = dispatch();
    expect(apply(c, { type: 'accept', version: c.version + 1 }, responder, T0, policy)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('a reminder written meanwhile does not make the responder\'s view stale', () => {
    const c = dispatch();
    const reminded: Case = {
      ...c, version: 2,
      timeline: [...c.timeline, { type: 'reminded', version: 2, at: T0 + HOUR_MS, by: 'system', role: 'system', from: 'dispatched', to: 'dispatched', key: 'C-1:accept#1:remind:0.5', target: 'unit' }],
    };
    const r = apply(reminded, { type: 'accept', version: 1 }, responder, T0 + HOUR_MS + 1, policy);
    expect(r.ok && r.case).toMatchObject({ state: 'accepted', version: 3 });
  });
});

describe('what each transition records', () => {
  it('accept and report record whether they were on time', () => {
    const c = dispatch('P2');
    const late = step(c, 'accept', parseShanghai('2026-03-09T09:30')); // due Friday 18:00
    expect(late.timeline.at(-1)).toMatchObject({ type: 'accepted', onTime: false });
    expect(late.acceptedAt).toBe(parseShanghai('2026-03-09T09:30'));
    const reported = step(late, 'report', parseShanghai('2026-03-10T16:00')); // due Tuesday 16:00, exactly
    expect(reported.timeline.at(-1)).toMatchObject({ type: 'reported', onTime: true, findings: '两家龙头企业开票推迟', actions: '已约谈企业，预计下周补开' });
    expect(reported.report).toEqual({ findings: '两家龙头企业开票推迟', actions: '已约谈企业，预计下周补开', by: 'tp.duty', at: parseShanghai('2026-03-10T16:00') });
  });

  it('a return gives the unit the report time again, from the return, in a new round', () => {
    const c = inState('reported');
    const at = parseShanghai('2026-03-09T10:00'); // Monday
    const r = apply(c, { type: 'return', version: c.version, reason: '请补充企业名单' }, official, at, policy);
    if (!r.ok) throw new Error(r.message);
    expect(r.case.deadlines.report).toEqual({ round: 2, from: at, due: parseShanghai('2026-03-11T10:00') }); // 15 working hours: 6.5 Mon, 7.5 Tue, 1 Wed
    expect(r.case.deadlines.accept).toEqual(c.deadlines.accept);
    expect(r.case.reportedAt).toBeNull();
    expect(r.case.report).toEqual(c.report); // the returned report stays readable
    expect(r.case.timeline.at(-1)).toMatchObject({ type: 'returned', note: '请补充企业名单', from: 'reported', to: 'in_progress' });
  });

  it('a reassignment starts both clocks again for the new unit', () => {
    const c = inState('in_progress');
    const at = parseShanghai('2026-03-09T10:00');
    const r = apply(c, { type: 'reassign', version: c.version, unitId: 'liaison-tax', reason: '涉及税务数据' }, official, at, policy);
    if (!r.ok) throw new Error(r.message);
    expect(r.case).toMatchObject({ unitId: 'liaison-tax', state: 'dispatched', acceptedAt: null, reportedAt: null });
    expect(r.case.deadlines.accept).toEqual({ round: 2, from: at, due: parseShanghai('2026-03-09T12:00') });
    expect(r.case.deadlines.report.round).toBe(2);
    expect(r.case.timeline.at(-1)).toMatchObject({ type: 'reassigned', unitId: 'liaison-tax', fromUnitId: 'office-torch-park', note: '涉及税务数据' });
    // The old unit can no longer act; the new one can.
    expect(apply(r.case, { type: 'accept', version: r.case.version }, responder, at, policy)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(apply(r.case, { type: 'accept', version: r.case.version }, { username: 'tax.liaison.duty', role: 'responder', units: ['liaison-tax'] }, at, policy).ok).toBe(true);
  });

  it('a reassignment to the same unit is refused', () => {
    const c = dispatch();
    expect(apply(c, { type: 'reassign', version: 1, unitId: 'office-torch-park', reason: '' }, official, T0, policy)).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('close and cancel stamp the case', () => {
    expect(inState('closed').closedAt).toBe(T0 + 4 * MINUTE_MS);
    const cancelled = inState('cancelled');
    expect(cancelled.cancelledAt).toBe(T0 + MINUTE_MS);
    expect(cancelled.timeline.at(-1)).toMatchObject({ type: 'cancelled', note: '误报' });
  });

  it('does not touch the case it was given', () => {
    const c = inState('reported');
    const copy = structuredClone(c);
    step(c, 'return', T0 + HOUR_MS);
    expect(c).toEqual(copy);
  });
});
