// The dispatch policy: how long a unit has to accept and to report a case of each priority, when
// it is reminded, and who is told when it is late (督办). The gateway reads it from
// backend/rules/dispatch-policy.yaml beside the alert rules; a policy that fails these schemas is
// refused with the priority and the field named, and the previous one stays in force. Pure.
import { z } from 'zod';
import { HOUR_MS } from '../time.ts';
import type { Counting, WorkingCalendar } from './workingHours.ts';

export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_NAMES: Record<Priority, { zh: string; en: string }> = {
  P1: { zh: '特急', en: 'Urgent' },
  P2: { zh: '紧急', en: 'High' },
  P3: { zh: '一般', en: 'Normal' },
};

/** Who an escalation step pages: the head of the case's unit, or the duty official (督办). */
export const ESCALATION_TARGETS = ['unit-head', 'duty-official'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

const Hours = z.number().positive().max(24 * 365);

const ClockTime = /^([01]\d|2[0-4]):([0-5]\d)$/;
/** 'HH:mm-HH:mm' → minutes after midnight. */
const Period = z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, "write a period as 'HH:mm-HH:mm', e.g. '09:00-12:00'").transform((s, ctx) => {
  const [a, b] = s.split('-') as [string, string];
  const ma = ClockTime.exec(a);
  const mb = ClockTime.exec(b);
  const from = ma ? Number(ma[1]) * 60 + Number(ma[2]) : NaN;
  const to = mb ? Number(mb[1]) * 60 + Number(mb[2]) : NaN;
  if (!(from <= 24 * 60) || !(to <= 24 * 60)) {
    ctx.addIssue({ code: 'custom', message: `'${s}' is not a time of day (00:00 to 24:00)` });
    return z.NEVER;
  }
  if (from >= to) {
    ctx.addIssue({ code: 'custom', message: `'${s}' ends before it starts` });
    return z.NEVER;
  }
  return { from, to };
});

export const WorkingCalendarSchema = z.object({
  /** Office periods of a working day, in order, e.g. ['09:00-12:00', '13:30-18:00']. */
  periods: z.array(Period).min(1).max(6),
}).strict().superRefine((c, ctx) => {
  for (let i = 1; i < c.periods.length; i++) {
    if (c.periods[i]!.from < c.periods[i - 1]!.to) ctx.addIssue({ code: 'custom', path: ['periods', i], message: 'periods must be in order and must not overlap' });
  }
});

const EscalationStep = z.object({
  /** Hours after the deadline, counted like the deadline (0: as soon as it is missed). */
  afterHours: z.number().min(0).max(24 * 365),
  to: z.enum(ESCALATION_TARGETS),
}).strict();

export const PriorityPolicySchema = z.object({
  /** working-hours: the clock runs only in office periods of working days; always: around the clock. */
  calendar: z.enum(['always', 'working-hours']),
  /** Hours from dispatch to acceptance (签收). */
  acceptHours: Hours,
  /** Hours from dispatch (or from a return) to the report (反馈). */
  reportHours: Hours,
  /** Reminders to the unit at these fractions of each stage's time, e.g. [0.5, 0.8]. */
  remindAt: z.array(z.number().gt(0).lt(1)).max(5).default([]),
  /** Who is told when a stage is overdue, in order. */
  escalate: z.array(EscalationStep).max(5).default([]),
}).strict().superRefine((p, ctx) => {
  if (p.reportHours < p.acceptHours) ctx.addIssue({ code: 'custom', path: ['reportHours'], message: 'must be at least acceptHours (the report cannot be due before the acceptance)' });
  p.remindAt.forEach((f, i) => {
    if (i > 0 && f <= p.remindAt[i - 1]!) ctx.addIssue({ code: 'custom', path: ['remindAt', i], message: 'fractions must increase' });
  });
  p.escalate.forEach((s, i) => {
    if (i > 0 && s.afterHours <= p.escalate[i - 1]!.afterHours) ctx.addIssue({ code: 'custom', path: ['escalate', i, 'afterHours'], message: 'steps must come later one after the other' });
  });
});
export type PriorityPolicy = z.infer<typeof PriorityPolicySchema>;

export const DispatchPolicySchema = z.object({
  version: z.literal(1),
  workingHours: WorkingCalendarSchema,
  // Each priority is validated on its own below, so that its errors name it.
  priorities: z.object({ P1: z.unknown().optional(), P2: z.unknown().optional(), P3: z.unknown().optional() }).strict(),
}).strict();

export interface DispatchPolicy {
  workingHours: WorkingCalendar;
  priorities: Record<Priority, PriorityPolicy>;
}

export type DispatchPolicyResult = { ok: true; policy: DispatchPolicy } | { ok: false; errors: string[] };

/**
 * Validate a parsed document (YAML or JSON). Every problem is reported with the priority and the
 * field, as the alert rules are, e.g. `priority P1: remindAt.1: fractions must increase`.
 */
export function parseDispatchPolicy(doc: unknown): DispatchPolicyResult {
  const top = DispatchPolicySchema.safeParse(doc);
  if (!top.success) return { ok: false, errors: top.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`) };
  const errors: string[] = [];
  const priorities = {} as Record<Priority, PriorityPolicy>;
  for (const p of PRIORITIES) {
    const raw = top.data.priorities[p];
    if (raw === undefined) {
      errors.push(`priority ${p}: missing (give all of ${PRIORITIES.join(', ')})`);
      continue;
    }
    const r = PriorityPolicySchema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) errors.push(`priority ${p}: ${issue.path.join('.') || 'priority'}: ${issue.message}`);
      continue;
    }
    priorities[p] = r.data;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy: { workingHours: top.data.workingHours, priorities } };
}

/** The policy the product ships with, the same as backend/rules/dispatch-policy.yaml (a test keeps them equal). */
export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = {
  workingHours: { periods: [{ from: 9 * 60, to: 12 * 60 }, { from: 13 * 60 + 30, to: 18 * 60 }] },
  priorities: {
    P1: {
      calendar: 'always', acceptHours: 0.5, reportHours: 4, remindAt: [0.5, 0.8],
      escalate: [{ afterHours: 0, to: 'unit-head' }, { afterHours: 1, to: 'duty-official' }],
    },
    P2: {
      calendar: 'working-hours', acceptHours: 2, reportHours: 15, remindAt: [0.5, 0.8],
      escalate: [{ afterHours: 0, to: 'unit-head' }, { afterHours: 4, to: 'duty-official' }],
    },
    P3: {
      calendar: 'working-hours', acceptHours: 7.5, reportHours: 37.5, remindAt: [0.8],
      escalate: [{ afterHours: 0, to: 'unit-head' }, { afterHours: 7.5, to: 'duty-official' }],
    },
  },
};

export function countingOf(policy: DispatchPolicy, priority: Priority): Counting {
  return policy.priorities[priority].calendar;
}

export function hoursMs(hours: number): number {
  return Math.round(hours * HOUR_MS);
}
