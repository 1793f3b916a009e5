// A case (工单): what an official hands to a responsible unit, and everything that happened to it.
// Records are versioned like alerts (a change names the version it was made against) and carry
// their own timeline, appended to and never rewritten. The shapes are zod schemas so the store,
// the REST routes and the screens parse the same thing.
import { z } from 'zod';
import type { Severity } from '../alerts/rules.ts';
import { PARK_IDS } from '../parks.ts';
import { ESCALATION_TARGETS, PRIORITIES, type Priority } from './policy.ts';
import { UnitIdSchema } from './units.ts';

export const CASE_STATES = ['dispatched', 'accepted', 'in_progress', 'reported', 'closed', 'cancelled'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_NAMES: Record<CaseState, { zh: string; en: string }> = {
  dispatched: { zh: '已派单', en: 'Dispatched' },
  accepted: { zh: '已签收', en: 'Accepted' },
  in_progress: { zh: '处置中', en: 'In progress' },
  reported: { zh: '已反馈', en: 'Reported' },
  closed: { zh: '已办结', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

/** States in which the case still waits for someone. */
export const OPEN_STATES: readonly CaseState[] = ['dispatched', 'accepted', 'in_progress', 'reported'];

export function isCaseOpen(c: Pick<Case, 'state'>): boolean {
  return OPEN_STATES.includes(c.state);
}

export const CASE_CATEGORIES = ['tax', 'trade', 'registry', 'data', 'other'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const CASE_CATEGORY_NAMES: Record<CaseCategory, { zh: string; en: string }> = {
  tax: { zh: '税收与开票', en: 'Tax and sales' },
  trade: { zh: '进出口', en: 'Foreign trade' },
  registry: { zh: '市场主体', en: 'Enterprise registry' },
  data: { zh: '数据质量', en: 'Data quality' },
  other: { zh: '其他', en: 'Other' },
};

/** The alert severity a priority starts from; the official may change it. */
export function priorityOfSeverity(severity: Severity): Priority {
  return severity === 'critical' ? 'P1' : severity === 'warning' ? 'P2' : 'P3';
}

/** The center's roles plus `responder`, a member of a responsible unit (ROLES gains it with the routes). */
export const DISPATCH_ROLES = ['admin', 'official', 'operator', 'responder', 'display'] as const;
export type DispatchRole = (typeof DISPATCH_ROLES)[number];

/** Who acts: the user, the role, and for a responder the units they serve in. */
export interface Actor {
  username: string;
  role: DispatchRole;
  units: readonly string[];
}

/** One stage's clock: the round (a reassignment or a return starts another), when it started, when it is due. */
export const StageDeadlineSchema = z.object({
  round: z.number().int().min(1),
  from: z.number(),
  due: z.number(),
}).strict();
export type StageDeadline = z.infer<typeof StageDeadlineSchema>;

export const CASE_STAGES = ['accept', 'report'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const TIMELINE_TYPES = ['dispatched', 'accepted', 'started', 'reported', 'closed', 'returned', 'reassigned', 'cancelled', 'reminded', 'escalated'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/** Who a reminder (the unit's members) or an escalation step is for. */
export const NOTICE_TARGETS = ['unit', ...ESCALATION_TARGETS] as const;
export type NoticeTarget = (typeof NOTICE_TARGETS)[number];

const Text = (max: number) => z.string().trim().max(max);

export const TimelineEntrySchema = z.object({
  type: z.enum(TIMELINE_TYPES),
  /** The case's version this entry produced. */
  version: z.number().int().min(1),
  at: z.number(),
  /** A user name, or 'system' for reminders and escalations. */
  by: z.string(),
  role: z.union([z.enum(DISPATCH_ROLES), z.literal('system')]),
  from: z.enum(CASE_STATES).nullable(),
  to: z.enum(CASE_STATES),
  /** Comment, reason of a return, reassignment or cancellation. */
  note: Text(2000).optional(),
  /** dispatched / reassigned: the unit it went to; reassigned also where it came from. */
  unitId: UnitIdSchema.optional(),
  fromUnitId: UnitIdSchema.optional(),
  findings: Text(4000).optional(),
  actions: Text(4000).optional(),
  /** accepted / reported: within the stage's deadline. */
  onTime: z.boolean().optional(),
  /** reminded / escalated: the due action's key (see due.ts) and who was told. */
  key: z.string().optional(),
  target: z.enum(NOTICE_TARGETS).optional(),
}).strict();
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const CaseIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and - (1 to 64 characters)');

export const CaseSchema = z.object({
  id: CaseIdSchema,
  version: z.number().int().min(1),
  title: Text(120).min(1),
  description: Text(4000),
  park: z.enum(PARK_IDS).nullable(),
  category: z.enum(CASE_CATEGORIES),
  priority: z.enum(PRIORITIES),
  unitId: UnitIdSchema,
  alertIds: z.array(z.string().max(200)).max(50),
  state: z.enum(CASE_STATES),
  createdBy: z.string(),
  createdAt: z.number(),
  deadlines: z.object({ accept: StageDeadlineSchema, report: StageDeadlineSchema }).strict(),
  /** In the current round with the current unit. */
  acceptedAt: z.number().nullable(),
  reportedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  cancelledAt: z.number().nullable(),
  /** The latest report. */
  report: z.object({ findings: z.string(), actions: z.string(), by: z.string(), at: z.number() }).strict().nullable(),
  timeline: z.array(TimelineEntrySchema),
}).strict();
export type Case = z.infer<typeof CaseSchema>;

// ---- requests ----

const Version = z.number().int().min(1);

/** Deadlines the official sets instead of the policy's, as instants. */
const DeadlineOverride = z.object({ acceptBy: z.number().int().optional(), reportBy: z.number().int().optional() }).strict();

export const DispatchRequestSchema = z.object({
  title: Text(120).min(1, 'give a title'),
  description: Text(4000).default(''),
  park: z.enum(PARK_IDS).nullable().default(null),
  category: z.enum(CASE_CATEGORIES).default('other'),
  priority: z.enum(PRIORITIES),
  unitId: UnitIdSchema,
  alertIds: z.array(z.string().min(1).max(200)).max(50).default([]),
  deadlines: DeadlineOverride.optional(),
}).strict();
export type DispatchRequest = z.infer<typeof DispatchRequestSchema>;

/** What people do to a case once it exists; each names the version it was made against. */
export const CaseCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accept'), version: Version }).strict(),
  z.object({ type: z.literal('start'), version: Version }).strict(),
  z.object({ type: z.literal('report'), version: Version, findings: Text(4000).min(1, 'say what was found'), actions: Text(4000).min(1, 'say what was done') }).strict(),
  z.object({ type: z.literal('close'), version: Version, comment: Text(2000).default('') }).strict(),
  z.object({ type: z.literal('return'), version: Version, reason: Text(2000).min(1, 'say why') }).strict(),
  z.object({ type: z.literal('reassign'), version: Version, unitId: UnitIdSchema, reason: Text(2000).default('') }).strict(),
  z.object({ type: z.literal('cancel'), version: Version, reason: Text(2000).min(1, 'say why') }).strict(),
]);
export type CaseCommand = z.infer<typeof CaseCommandSchema>;
export type CaseCommandType = CaseCommand['type'];
export const CASE_COMMANDS: readonly CaseCommandType[] = ['accept', 'start', 'report', 'close', 'return', 'reassign', 'cancel'];
