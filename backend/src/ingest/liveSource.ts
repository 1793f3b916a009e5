// The live state as its readers see it (the publisher, the REST API, replay's seam): read-only.
// Only the consumer (Ingest) writes it.
import type { MetricsState, Source } from '@torch/shared';
import type { FeedLag } from './lag.ts';

export interface LiveSource {
  /** The reducer's state; readers must not change it. */
  readonly state: MetricsState;
  /** Bumped after every batch that changed the state: the publisher's cue. */
  readonly version: number;
  /** Entries not yet delivered per source (lag.ts), refreshed every second and by every health check. */
  readonly lag: Readonly<Partial<Record<Source, number | null>>>;
  /** No backlog: pending entries drained and the last read came back short of a full batch. */
  readonly caughtUp: boolean;
}

/** The live source with its consumer lag, as the REST API reads it: health and feeds refresh it, so /api/metrics agrees with them. */
export interface LiveIngest extends LiveSource {
  /** Entries delivered but not acknowledged per source, refreshed with lag. */
  readonly pending: Readonly<Partial<Record<Source, number>>>;
  /** Re-derive lag and pending now (null when Redis cannot say); every reader then sees these. */
  refreshLag(): Promise<FeedLag | null>;
}
