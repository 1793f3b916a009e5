// An alert's life as officials see it: fired (by the engine) → acknowledged (by a person, with a
// comment) → resolved (by the engine, when the condition clears). Records are versioned; every
// change is a pure function from one version to the next, and the store writes it only if nobody
// else wrote in between (compare-and-set). Silences hide matching alerts from walls and webhooks
// for a while; they do not stop alerts from being recorded.
import { z } from 'zod';
import { PARK_IDS } from '../parks.ts';
import { SOURCES } from '../streams.ts';
import type { AlertTransition, RuleSummary } from './engine.ts';
import type { AlertLabels } from './state.ts';
import { SEVERITIES, type Severity } from './rules.ts';
import { isStreamId } from '../metrics/entry.ts';

export type AlertStatus = 'firing' | 'acknowledged' | 'resolved';

export interface AlertRecord {
  id: string;
  fingerprint: string;
  rule: RuleSummary;
  labels: AlertLabels;
  since: number;
  firedAt: number;
  value: number;
  threshold: number;
  detail: Record<string, string | number>;
  resolvedAt: number | null;
  resolvedValue: number | null;
  /** `role`: the role of whoever acknowledged, at the time (what a wall shows instead of the name; absent on older records). */
  ack: { by: string; at: number; comment: string; role?: string } | null;
  /** Bumped on every write; a change names the version it was made against. */
  version: number;
}

export function statusOf(a: Pick<AlertRecord, 'resolvedAt' | 'ack'>): AlertStatus {
  return a.resolvedAt !== null ? 'resolved' : a.ack ? 'acknowledged' : 'firing';
}

/** Still open and nobody has taken it: what the wall counts per park. */
export function isUnacknowledged(a: AlertRecord): boolean {
  return a.resolvedAt === null && a.ack === null;
}

export function recordOfFire(t: Extract<AlertTransition, { type: 'fire' }>): AlertRecord {
  return {
    id: t.id, fingerprint: t.fingerprint, rule: t.rule, labels: t.labels, since: t.since, firedAt: t.at, value: t.value, threshold: t.threshold,
    detail: t.detail, resolvedAt: null, resolvedValue: null, ack: null, version: 1,
  };
}

/** The resolved record, or null when it already is (the engine of another gateway got there first). */
export function resolveRecord(a: AlertRecord, t: Extract<AlertTransition, { type: 'resolve' }>): AlertRecord | null {
  if (a.resolvedAt !== null) return null;
  return { ...a, resolvedAt: t.at, resolvedValue: t.value, version: a.version + 1 };
}

export const AckRequestSchema = z.object({
  /** The version the official saw: a change made meanwhile makes this a conflict, not an overwrite. */
  version: z.number().int().min(1),
  comment: z.string().trim().max(500).default(''),
}).strict();
export type AckRequest = z.infer<typeof AckRequestSchema>;

export type AckResult = { ok: true; record: AlertRecord } | { ok: false; code: 'conflict' | 'already_acknowledged'; message: string };

export function ackRecord(a: AlertRecord, req: AckRequest, by: string, at: number, role?: string): AckResult {
  if (a.ack) return { ok: false, code: 'already_acknowledged', message: `acknowledged by ${a.ack.by} already` };
  if (a.version !== req.version) return { ok: false, code: 'conflict', message: `the alert changed (version ${a.version}, you saw ${req.version}); reload and try again` };
  return { ok: true, record: { ...a, ack: { by, at, comment: req.comment, ...(role ? { role } : {}) }, version: a.version + 1 } };
}

// ---- silences ----

export const MatchersSchema = z.object({
  ruleId: z.string().max(63).optional(),
  park: z.enum(PARK_IDS).optional(),
  source: z.enum(SOURCES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  fingerprint: z.string().max(300).optional(),
}).strict().refine((m) => Object.keys(m).length > 0, { message: 'give at least one matcher (a silence of everything is refused)' });
export type Matchers = z.infer<typeof MatchersSchema>;

export const SilenceRequestSchema = z.object({
  matchers: MatchersSchema,
  startsAt: z.number().int().min(0).optional(),
  endsAt: z.number().int().min(0),
  comment: z.string().trim().min(1, 'say why').max(500),
}).strict();
export type SilenceRequest = z.infer<typeof SilenceRequestSchema>;

export interface Silence {
  id: string;
  matchers: Matchers;
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy: string;
  createdAt: number;
  /** Ended early by someone. */
  expiredBy: string | null;
  version: number;
}

export function silenceMatches(s: Silence, a: { fingerprint: string; rule: { id: string; severity: Severity }; labels: AlertLabels }, now: number): boolean {
  if (now < s.startsAt || now >= s.endsAt || s.expiredBy) return false;
  const m = s.matchers;
  return (m.ruleId === undefined || m.ruleId === a.rule.id)
    && (m.park === undefined || m.park === a.labels.park)
    && (m.source === undefined || m.source === a.labels.source)
    && (m.severity === undefined || m.severity === a.rule.severity)
    && (m.fingerprint === undefined || m.fingerprint === a.fingerprint);
}

export function isSilenced(a: AlertRecord, silences: readonly Silence[], now: number): boolean {
  return silences.some((s) => silenceMatches(s, a, now));
}

// ---- listing ----

export const AlertQuerySchema = z.object({
  status: z.enum(['firing', 'acknowledged', 'resolved', 'open']).optional(),
  severity: z.enum(SEVERITIES).optional(),
  park: z.enum(PARK_IDS).optional(),
  source: z.enum(SOURCES).optional(),
  ruleId: z.string().max(63).optional(),
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(200),
  format: z.enum(['json', 'csv']).default('json'),
}).strict();
export type AlertQuery = z.infer<typeof AlertQuerySchema>;

/** GET /api/alerts/audit: the newest entries first, paged backwards from a stream id. */
export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().refine(isStreamId, 'a stream id like 1700000000000-0').optional(),
}).strict();

export function matchesQuery(a: AlertRecord, q: AlertQuery): boolean {
  const st = statusOf(a);
  if (q.status === 'open' ? st === 'resolved' : q.status !== undefined && st !== q.status) return false;
  return (q.severity === undefined || a.rule.severity === q.severity)
    && (q.park === undefined || a.labels.park === q.park)
    && (q.source === undefined || a.labels.source === q.source)
    && (q.ruleId === undefined || a.rule.id === q.ruleId)
    && (q.from === undefined || a.firedAt >= q.from)
    && (q.to === undefined || a.firedAt < q.to);
}

export interface AuditEntry {
  id: string;
  at: number;
  /** fire, resolve, ack, silence, silence-expire, denied, rules-loaded, rules-refused */
  action: string;
  by: string;
  target: string;
  comment: string;
  /** How many like actions the entry stands for (repeated refusals collapse into one); absent = 1. */
  count?: number;
}

export interface AlertsResponse {
  items: (AlertRecord & { status: AlertStatus; silenced: boolean })[];
}

export interface AlertDetailResponse {
  alert: AlertRecord & { status: AlertStatus; silenced: boolean };
  audit: AuditEntry[];
}

/** What walls and consoles get pushed: the open alerts, whole (they are few). */
export interface AlertsMessage {
  open: (AlertRecord & { status: AlertStatus; silenced: boolean })[];
  /** Ids that changed since the last message (fired, acknowledged, resolved): consoles refetch them. */
  changed: string[];
}
