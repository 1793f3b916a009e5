// The replay contract: sessions, their controls and what their watchers receive.
import { z } from 'zod';
import type { AlertTransition } from '../alerts/engine.ts';
import { PARK_IDS } from '../parks.ts';
import { SOURCES } from '../streams.ts';

const epochOrIso = z.union([z.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const MAX_SPEED = 1000;
export const SpeedSchema = z.union([z.number().min(0.1).max(MAX_SPEED), z.literal('max')]);
export type Speed = z.infer<typeof SpeedSchema>;

export const CreateReplaySchema = z.object({
  from: epochOrIso,
  to: epochOrIso,
  /** Focus: which sources and parks the screens show (the state itself is always the whole log). */
  sources: z.array(z.enum(SOURCES)).min(1).optional(),
  parks: z.array(z.enum(PARK_IDS)).min(1).optional(),
  speed: SpeedSchema.default(60),
}).strict()
  .refine((r) => r.to > r.from, { message: 'to must be after from', path: ['to'] })
  .refine((r) => r.to - r.from <= 31 * 86_400_000, { message: 'at most 31 days per session', path: ['to'] });
export type CreateReplay = z.infer<typeof CreateReplaySchema>;

export const ReplayControlSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('play') }).strict(),
  z.object({ action: z.literal('pause') }).strict(),
  z.object({ action: z.literal('seek'), at: epochOrIso }).strict(),
  z.object({ action: z.literal('speed'), speed: SpeedSchema }).strict(),
]);
export type ReplayControl = z.infer<typeof ReplayControlSchema>;

export const DryRunSchema = z.object({
  from: epochOrIso,
  to: epochOrIso,
  /** A draft rule file (YAML or JSON text), validated like the real one. */
  rules: z.string().min(1).max(200_000),
}).strict()
  .refine((r) => r.to > r.from, { message: 'to must be after from', path: ['to'] })
  .refine((r) => r.to - r.from <= 31 * 86_400_000, { message: 'at most 31 days per dry run', path: ['to'] });

export const ExportQuerySchema = z.object({
  from: z.union([z.coerce.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]),
  to: z.union([z.coerce.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]),
  sources: z.string().regex(/^(tax|customs|registry)(,(tax|customs|registry))*$/, 'comma-separated: tax, customs, registry').optional(),
}).strict().refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] });

/** GET /api/replay/density: events per hour (or day) for the replay timeline. */
export const DensityQuerySchema = z.object({
  from: z.coerce.number().int().min(0),
  to: z.coerce.number().int().min(0),
  step: z.enum(['hour', 'day']).default('hour'),
}).strict().refine((q) => q.to > q.from && (q.to - q.from) / (q.step === 'hour' ? 3_600_000 : 86_400_000) <= 2000, { message: 'to after from, at most 2000 buckets', path: ['to'] });

/** ended: played to its end (it can play again); closed: closed by someone or as idle. */
export type ReplayStatus = 'building' | 'paused' | 'playing' | 'ended' | 'closed' | 'failed';

export interface ReplayInfo {
  id: string;
  from: number;
  to: number;
  sources: string[] | null;
  parks: string[] | null;
  createdBy: string;
  createdAt: number;
  status: ReplayStatus;
  /** The replay clock: the view holds exactly the entries that arrived before it. */
  clock: number;
  speed: Speed;
  watchers: number;
  error: string | null;
}

/** Alerts the replay's own evaluation raised or resolved, from the start to the clock. */
export type ReplayAlert = AlertTransition;

/** One line of an NDJSON export: the stream entry as recorded. */
export interface ExportLine {
  source: string;
  /** Stream id: arrival time and sequence. */
  id: string;
  arrival: number;
  /** The `e` field as recorded (a JSON text, kept verbatim: even refused entries round-trip). */
  e: string | null;
  v: string | null;
}
