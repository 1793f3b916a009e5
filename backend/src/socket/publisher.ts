// Turns the reducer's state into what sockets receive: a snapshot on connect, then throttled
// deltas (never one message per event). Each room has its own sequence and a short ring of recent
// deltas, so a reconnecting client gets what it missed or, if that is gone, a fresh snapshot.
// A slow client is never queued an unbounded backlog: while its buffer is full it is skipped and
// marked, and it gets a snapshot of the latest state once it drains.
import type { Server, Socket } from 'socket.io';
import {
  type ClientToServerEvents, type DeltaMessage, type FlatView, type InterServerEvents, type MetricsView, PARK_IDS, type PathChange,
  type Room, type ServerToClientEvents, type SnapshotMessage, type SocketData, diff, flatten, viewAt,
} from '@torch/shared';
import type { Ingest } from '../ingest/consumer.ts';
import type { GatewayMetrics } from '../observability.ts';

type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const RING = 120;
/** Packets waiting in a socket's buffer beyond which it counts as slow. */
const SLOW_BUFFER = 4;

interface RoomState {
  seq: number;
  ring: { seq: number; changes: PathChange[] }[];
}

/** Which changes a room receives: the zone room all; a park room all but other parks' figures. */
export function changesForRoom(room: Room, changes: PathChange[]): PathChange[] {
  if (room === 'zone') return changes;
  const park = room.slice(5);
  const others = PARK_IDS.filter((p) => p !== park);
  return changes.filter(([path]) => !others.some((p) => path.startsWith(`metrics/${p}/`) || path.startsWith(`intraday/${p}/`)));
}

export class Publisher {
  readonly epoch = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  private view: MetricsView | null = null;
  private flat: FlatView | null = null;
  private lastVersion = -1;
  private lastMinute = -1;
  private lastLag = '';
  private timer: NodeJS.Timeout | null = null;
  private readonly rooms = new Map<Room, RoomState>();
  private readonly needsSnapshot = new WeakSet<S>();

  constructor(
    private readonly io: IO,
    private readonly ingest: Ingest,
    private readonly now: () => number,
    readonly intervalMs: number,
    private readonly metrics: GatewayMetrics,
  ) {}

  start(): void {
    this.refresh();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private room(room: Room): RoomState {
    let st = this.rooms.get(room);
    if (!st) this.rooms.set(room, (st = { seq: 0, ring: [] }));
    return st;
  }

  /** Recompute the view; returns the changes since the previous one. */
  private refresh(): PathChange[] {
    const now = this.now();
    this.lastVersion = this.ingest.version;
    this.lastMinute = Math.floor(now / 60_000);
    this.lastLag = JSON.stringify(this.ingest.lag);
    const view = viewAt(this.ingest.state, now, this.ingest.lag);
    const flat = flatten(view);
    const changes = this.flat ? diff(this.flat, flat) : [];
    this.view = view;
    this.flat = flat;
    return changes;
  }

  /** One throttle period: publish what changed, if anything did (new events, or a new minute). */
  tick(): void {
    if (this.ingest.version === this.lastVersion && Math.floor(this.now() / 60_000) === this.lastMinute && JSON.stringify(this.ingest.lag) === this.lastLag) return;
    const changes = this.refresh();
    if (changes.length === 0) return;
    const local = this.io.of('/').adapter.rooms;
    // Every room keeps its sequence and ring even while nobody is in it, so that a client
    // resuming into it learns exactly what it missed.
    for (const room of ALL_ROOMS) {
      const members = local.get(room) ?? new Set<string>();
      const roomChanges = changesForRoom(room, changes);
      if (roomChanges.length === 0) continue;
      const st = this.room(room);
      st.seq++;
      st.ring.push({ seq: st.seq, changes: roomChanges });
      if (st.ring.length > RING) st.ring.shift();
      const message: DeltaMessage = { type: 'delta', room, epoch: this.epoch, seq: st.seq, changes: roomChanges, catchingUp: !this.ingest.caughtUp };
      // One broadcast per room, encoded once for all its sockets (a per-socket emit would encode
      // the same delta once per wall); the slow and those owed a snapshot are left out of it.
      const skip: string[] = [];
      let sent = 0;
      for (const id of members) {
        const socket = this.io.of('/').sockets.get(id);
        if (!socket) continue;
        if (this.isSlow(socket) || this.needsSnapshot.has(socket)) {
          skip.push(id);
          this.deliver(socket, room, message);
        } else sent++;
      }
      if (sent > 0) {
        this.io.local.to(room).except(skip).emit('delta', message);
        this.metrics.deltas.inc(sent);
      }
    }
  }

  private isSlow(socket: S): boolean {
    return ((socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0) > SLOW_BUFFER;
  }

  /** A socket that is slow, or owed a snapshot: skipped while slow, then given the latest state. */
  private deliver(socket: S, room: Room, message: DeltaMessage): void {
    if (this.isSlow(socket)) {
      this.needsSnapshot.add(socket);
      this.metrics.slowSockets.inc();
      return;
    }
    if (this.needsSnapshot.has(socket)) {
      this.needsSnapshot.delete(socket);
      this.sendSnapshot(socket, room);
      return;
    }
    socket.emit('delta', message);
    this.metrics.deltas.inc();
  }

  /**
   * The last published view, not a fresh one: refreshing here would move the baseline that the
   * next tick diffs against, and clients already connected would never get those changes. A new
   * client is at most one throttle period behind and catches up with the next delta.
   */
  snapshot(room: Room): SnapshotMessage {
    if (!this.view) this.refresh();
    return { type: 'snapshot', room, epoch: this.epoch, seq: this.room(room).seq, view: this.view!, catchingUp: !this.ingest.caughtUp };
  }

  sendSnapshot(socket: S, room: Room): number {
    const m = this.snapshot(room);
    socket.emit('snapshot', m);
    this.metrics.snapshots.inc();
    return m.seq;
  }

  /** Deltas after `lastSeq` in this epoch, or null when the ring no longer has them all. */
  missed(room: Room, epoch: string, lastSeq: number): DeltaMessage[] | null {
    if (epoch !== this.epoch) return null;
    const st = this.room(room);
    if (lastSeq === st.seq) return [];
    if (lastSeq > st.seq) return null;
    const first = st.ring[0];
    if (!first || first.seq > lastSeq + 1) return null;
    return st.ring.filter((d) => d.seq > lastSeq).map((d) => ({ type: 'delta', room, epoch: this.epoch, seq: d.seq, changes: d.changes, catchingUp: !this.ingest.caughtUp }));
  }
}

const ALL_ROOMS: readonly Room[] = ['zone', ...PARK_IDS.map((p) => `park:${p}` as const)];
