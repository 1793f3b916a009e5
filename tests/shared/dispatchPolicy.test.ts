// The dispatch policy file: the shipped one is valid and is the default, and mistakes are named
// by priority and field, like the alert rules.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_POLICY, parseDispatchPolicy } from '../../shared/src/dispatch/policy.ts';

const FILE = new URL('../../backend/rules/dispatch-policy.yaml', import.meta.url);

function shipped(): Record<string, any> {
  return parse(readFileSync(FILE, 'utf8'));
}

function errorsOf(doc: unknown): string[] {
  const r = parseDispatchPolicy(doc);
  if (r.ok) throw new Error('expected the policy to be refused');
  return r.errors;
}

describe('the shipped policy', () => {
  it('parses and equals DEFAULT_DISPATCH_POLICY', () => {
    const r = parseDispatchPolicy(shipped());
    expect(r.ok && r.policy).toEqual(DEFAULT_DISPATCH_POLICY);
  });

  it('fills defaults for reminders and escalation', () => {
    const doc = shipped();
    delete doc.priorities.P3.remindAt;
    delete doc.priorities.P3.escalate;
    const r = parseDispatchPolicy(doc);
    expect(r.ok && r.policy.priorities.P3).toMatchObject({ remindAt: [], escalate: [] });
  });
});

describe('refusals name the priority and the field', () => {
  it('a missing priority', () => {
    const doc = shipped();
    delete doc.priorities.P2;
    expect(errorsOf(doc)).toEqual(['priority P2: missing (give all of P1, P2, P3)']);
  });

  it('reminders out of order and out of range', () => {
    const doc = shipped();
    doc.priorities.P1.remindAt = [0.8, 0.5, 1];
    expect(errorsOf(doc)).toEqual([
      'priority P1: remindAt.2: Too big: expected number to be <1',
      'priority P1: remindAt.1: fractions must increase',
    ]);
    doc.priorities.P1.remindAt = [0.8, 0.5];
    expect(errorsOf(doc)).toEqual(['priority P1: remindAt.1: fractions must increase']);
  });

  it('escalation steps that do not come later', () => {
    const doc = shipped();
    doc.priorities.P2.escalate = [{ afterHours: 2, to: 'unit-head' }, { afterHours: 2, to: 'duty-official' }];
    expect(errorsOf(doc)).toEqual(['priority P2: escalate.1.afterHours: steps must come later one after the other']);
  });

  it('an unknown escalation target and an unknown field', () => {
    const doc = shipped();
    doc.priorities.P3.escalate = [{ afterHours: 0, to: 'mayor' }];
    doc.priorities.P3.acceptMinutes = 5;
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.startsWith('priority P3: '))).toBe(true);
    expect(errors.some((e) => e.startsWith('priority P3: escalate.0.to: '))).toBe(true);
    expect(errors.some((e) => e.includes('acceptMinutes'))).toBe(true);
  });

  it('a report due before the acceptance, and a non-positive time', () => {
    const doc = shipped();
    doc.priorities.P1.reportHours = 0.25;
    doc.priorities.P2.acceptHours = 0;
    expect(errorsOf(doc)).toEqual([
      'priority P1: reportHours: must be at least acceptHours (the report cannot be due before the acceptance)',
      'priority P2: acceptHours: Too small: expected number to be >0',
    ]);
  });

  it('working periods that overlap, run backwards or are not times of day', () => {
    const doc = shipped();
    doc.workingHours.periods = ['09:00-12:00', '11:30-18:00'];
    expect(errorsOf(doc)).toEqual(['workingHours.periods.1: periods must be in order and must not overlap']);
    doc.workingHours.periods = ['12:00-09:00'];
    expect(errorsOf(doc)).toEqual(["workingHours.periods.0: '12:00-09:00' ends before it starts"]);
    doc.workingHours.periods = ['09:00-25:00'];
    expect(errorsOf(doc)).toEqual(["workingHours.periods.0: '09:00-25:00' is not a time of day (00:00 to 24:00)"]);
    doc.workingHours.periods = ['9-12'];
    expect(errorsOf(doc)).toEqual(["workingHours.periods.0: write a period as 'HH:mm-HH:mm', e.g. '09:00-12:00'"]);
  });

  it('the document itself', () => {
    expect(errorsOf({ ...shipped(), version: 2 })[0]).toMatch(/^version: /);
    expect(errorsOf(null)).toEqual(['document: Invalid input: expected object, received null']);
    expect(errorsOf({ ...shipped(), priorities: { ...shipped().priorities, P4: {} } })[0]).toMatch(/^priorities: .*P4/);
  });

  it('reads custom periods', () => {
    const doc = shipped();
    doc.workingHours.periods = ['08:30-12:00', '14:30-17:30'];
    const r = parseDispatchPolicy(doc);
    expect(r.ok && r.policy.workingHours).toEqual({ periods: [{ from: 510, to: 720 }, { from: 870, to: 1050 }] });
  });
});
