// One view channel, for live rooms and replay sessions alike: a snapshot, then numbered deltas.
// The server side keeps the diff baseline, the sequence within an epoch and a short ring of recent
// deltas, so a client that lost a few gets exactly those, or a fresh snapshot when the ring no
// longer has them. The client side applies messages in order and reports a gap instead of
// applying out of order. Pure: no clock, no I/O; the caller names the epoch and decides when.
import { type FlatView, type Json, type PathChange, applyChanges, diff, flatten, withChanges } from '../metrics/delta.ts';
import type { ScreenView } from './display.ts';

/**
 * A delta's changes on the wire: the changed leaves as a tree, each path's prefix written once
 * ({"metrics":{"zone":{"sales":{"today":…}}}}); about half the bytes of a [path, value] list. A
 * view's objects are never leaves and its leaves are never objects, so the tree is unambiguous:
 * flatten() gives the [path, value] list back.
 */
export type ChangeTree = { [key: string]: Json | ChangeTree };

/** The [path, value] changes of a delta's tree. */
export function changesOf(patch: ChangeTree): PathChange[] {
  return [...flatten(patch)];
}

/** Where a client stands in a channel: a new epoch (gateway process, replay rebuild) means a snapshot. */
export interface ChannelPosition {
  epoch: string;
  seq: number;
}

export interface ViewSnapshot<M> {
  type: 'snapshot';
  channel: string;
  epoch: string;
  seq: number;
  view: ScreenView;
  meta: M;
}

export interface ViewDelta<M> {
  type: 'delta';
  channel: string;
  epoch: string;
  seq: number;
  patch: ChangeTree;
  meta: M;
}

export type ViewMessage<M> = ViewSnapshot<M> | ViewDelta<M>;

export const DEFAULT_RING = 120;

/** The server half of one channel. */
export class ChannelLog<M> {
  seq = 0;
  private ring: ViewDelta<M>[] = [];

  constructor(readonly channel: string, readonly epoch: string, private readonly size = DEFAULT_RING) {}

  /** Number the next delta and keep it for clients that resume. */
  append(changes: PathChange[], meta: M): ViewDelta<M> {
    const d: ViewDelta<M> = { type: 'delta', channel: this.channel, epoch: this.epoch, seq: ++this.seq, patch: applyChanges({}, changes) as ChangeTree, meta };
    this.ring.push(d);
    if (this.ring.length > this.size) this.ring.shift();
    return d;
  }

  /** A snapshot at the current sequence: the deltas that follow it apply on top. */
  /**
   * Deltas were not kept for a while (nobody was watching): a client resuming from before this
   * point gets a snapshot, never an empty "nothing missed".
   */
  skip(): void {
    this.seq++;
    this.ring = [];
  }

  snapshot(view: ScreenView, meta: M): ViewSnapshot<M> {
    return { type: 'snapshot', channel: this.channel, epoch: this.epoch, seq: this.seq, view, meta };
  }

  /** Deltas after `from`, [] when nothing was missed, null when only a snapshot can help. */
  missed(from: ChannelPosition): ViewDelta<M>[] | null {
    if (from.epoch !== this.epoch || from.seq > this.seq) return null;
    if (from.seq === this.seq) return [];
    const first = this.ring[0];
    if (!first || first.seq > from.seq + 1) return null;
    return this.ring.filter((d) => d.seq > from.seq);
  }
}

/** The diff baseline of a view: each call returns what changed since the previous one. */
export class ViewDiffer {
  private flat: FlatView | null = null;

  /** Changes from the previous view; null for the first view (or after reset): send a snapshot. */
  next(view: ScreenView): PathChange[] | null {
    const flat = flatten(view);
    const changes = this.flat ? diff(this.flat, flat) : null;
    this.flat = flat;
    return changes;
  }

  reset(): void {
    this.flat = null;
  }
}

/** What a client holds of one channel. */
export interface ChannelState<M> {
  epoch: string | null;
  seq: number;
  view: ScreenView | null;
  meta: M | null;
}

export const EMPTY_CHANNEL: ChannelState<never> = { epoch: null, seq: -1, view: null, meta: null };

export type Applied<M> =
  | { kind: 'applied'; state: ChannelState<M> }
  /** Another channel's, or one already covered (a duplicate, or older than the snapshot held). */
  | { kind: 'ignored' }
  /** A delta went missing: resume from `state`'s position. The meta is current; the view is not advanced. */
  | { kind: 'gap'; state: ChannelState<M> };

export function positionOf(state: ChannelState<unknown>): ChannelPosition | null {
  return state.epoch === null || state.view === null ? null : { epoch: state.epoch, seq: state.seq };
}

/**
 * Apply one message. `merge` combines the meta held with the meta received, for channels whose
 * deltas carry only what changed of it (a replay's alert list comes whole, and only when it changed).
 */
export function applyViewMessage<M>(state: ChannelState<M>, m: ViewMessage<M>, channel: string, merge: (held: M | null, got: M) => M = (_, got) => got): Applied<M> {
  if (!m || m.channel !== channel) return { kind: 'ignored' };
  const sameEpoch = m.epoch === state.epoch;
  if (m.type === 'snapshot') {
    if (sameEpoch && state.view && m.seq < state.seq) return { kind: 'ignored' };
    return { kind: 'applied', state: { epoch: m.epoch, seq: m.seq, view: m.view, meta: merge(state.meta, m.meta) } };
  }
  if (sameEpoch && state.view && m.seq <= state.seq) return { kind: 'ignored' };
  if (!state.view || !sameEpoch || m.seq !== state.seq + 1) return { kind: 'gap', state: { ...state, meta: merge(state.meta, m.meta) } };
  // Copy only along changed paths: panels whose slice is the same object skip re-rendering.
  const changes = changesOf(m.patch);
  const view = changes.length > 0 ? withChanges(state.view, changes) : state.view;
  return { kind: 'applied', state: { epoch: m.epoch, seq: m.seq, view, meta: merge(state.meta, m.meta) } };
}
