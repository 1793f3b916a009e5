// The live state as its readers see it (the publisher, the REST API, replay's seam): read-only.
// Only the consumer (Ingest) writes it.
import type { MetricsState, Source } from '@torch/shared';

export interface LiveSource {
  /** The reducer's state; readers must not change it. */
  readonly state: MetricsState;
  /** Bumped after every batch that changed the state: the publisher's cue. */
  readonly version: number;
  /** Consumer lag per source (XINFO GROUPS), refreshed every few seconds. */
  readonly lag: Readonly<Partial<Record<Source, number | null>>>;
  /** No backlog: pending entries drained and the last read came back short of a full batch. */
  readonly caughtUp: boolean;
}
