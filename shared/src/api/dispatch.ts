// The dispatch routes' own request shapes (the case shapes are in ../dispatch/case.ts).
import { z } from 'zod';
import { CASE_CATEGORIES, CASE_STATES } from '../dispatch/case.ts';
import { PRIORITIES } from '../dispatch/policy.ts';
import { UnitIdSchema } from '../dispatch/units.ts';
import { PARK_IDS } from '../parks.ts';

/**
 * POST /api/dispatch/cases: from alerts (everything left out is prefilled from the first alert and
 * the unit suggestion) or by hand (then title, priority and unitId are needed).
 */
export const CreateCaseSchema = z.object({
  alertIds: z.array(z.string().min(1).max(200)).max(50).optional(),
  title: z.string().trim().min(1).max(120).optional(),
  description: z.string().trim().max(4000).optional(),
  park: z.enum(PARK_IDS).nullable().optional(),
  category: z.enum(CASE_CATEGORIES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  unitId: UnitIdSchema.optional(),
  deadlines: z.object({ acceptBy: z.number().int().optional(), reportBy: z.number().int().optional() }).strict().optional(),
}).strict();
export type CreateCase = z.infer<typeof CreateCaseSchema>;

export const CaseQuerySchema = z.object({
  state: z.enum([...CASE_STATES, 'open']).optional(),
  unit: UnitIdSchema.optional(),
  park: z.enum(PARK_IDS).optional(),
  priority: z.enum(PRIORITIES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** The case an alert was dispatched in (what the alert detail shows). */
  alert: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
}).strict();
export type CaseQuery = z.infer<typeof CaseQuerySchema>;

export const FiguresQuerySchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month as 'yyyy-MM'").optional(),
  format: z.enum(['json', 'csv']).default('json'),
}).strict();
