// REST payloads, typed once. Queries are zod schemas (the gateway parses them; a failure names the
// field); responses are the types both sides use.
import { z } from 'zod';
import { METRIC_IDS, type MetricId } from '../metrics/layout.ts';
import { SCOPES, type FeedView, type MetricsView, type Scope, type SeriesPoint } from '../metrics/view.ts';
import { SOURCES, type Source } from '../streams.ts';
import type { Park } from '../parks.ts';
import type { FeedStatus } from '../metrics/health.ts';
import { isStreamId } from '../metrics/entry.ts';
import type { StorageKind } from './socket.ts';

const epochOrIso = z.union([z.coerce.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const SeriesQuerySchema = z
  .object({
    scope: z.enum(SCOPES as [Scope, ...Scope[]]).default('zone'),
    metric: z.enum(METRIC_IDS as [MetricId, ...MetricId[]]),
    from: epochOrIso,
    to: epochOrIso,
    step: z.enum(['hour', 'day', 'month']).default('day'),
  })
  .strict()
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => (q.to - q.from) / ({ hour: 3_600_000, day: 86_400_000, month: 28 * 86_400_000 } as const)[q.step] <= 2000, {
    message: 'at most 2000 points: widen the step or narrow the range',
    path: ['step'],
  });
export type SeriesQuery = z.infer<typeof SeriesQuerySchema>;

export const DeadLettersQuerySchema = z
  .object({
    /** Page backwards from this stream id (exclusive); newest first. */
    before: z.string().refine(isStreamId, 'a stream id like 1700000000000-0').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    source: z.enum(SOURCES).optional(),
  })
  .strict();

export interface HealthResponse {
  ok: boolean;
  gatewayId: string;
  storage: StorageKind;
  redis: 'up' | 'down';
  caughtUp: boolean;
  serverTime: number;
  feeds: Record<Source, { lastEventTs: number | null; ageSeconds: number | null; lag: number | null; pending: number; status: FeedStatus }>;
}

export interface ParksResponse {
  parks: readonly Park[];
}

export type MetricsResponse = MetricsView;

export interface SeriesResponse {
  scope: Scope;
  metric: MetricId;
  step: 'hour' | 'day' | 'month';
  points: SeriesPoint[];
}

export interface FeedsResponse {
  feeds: Record<Source, FeedView & { lag: number | null; pending: number; status: FeedStatus }>;
}

export interface DeadLetter {
  id: string;
  source: Source;
  entry: string;
  reason: string;
  /** The refused payload: whole when within the event size limit, else its first 4,096 bytes. */
  raw: string;
  /** The whole payload's length in UTF-8 bytes, and its SHA-256 (hex); null when it had none. */
  rawBytes: number | null;
  rawSha256: string | null;
  /** True when `raw` is only the beginning of the payload. */
  rawTruncated: boolean;
}

export interface DeadLettersResponse {
  items: DeadLetter[];
  /** Pass as `before` for the next page; null at the end. */
  next: string | null;
}
