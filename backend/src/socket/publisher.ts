// Turns the live state into what the live rooms' subscribers receive: a snapshot when they
// subscribe, then throttled deltas (never one message per event), through the shared view channel
// (one ChannelLog per room: epoch, sequence, ring). A resuming client gets what it missed or a
// fresh snapshot. A slow client is never queued an unbounded backlog: while its buffer is full it
// is skipped and marked, and it gets a snapshot of the latest state once it drains.
import type { Server, Socket } from 'socket.io';
import {
  ChannelLog, type ChannelPosition, type ClientToServerEvents, type InterServerEvents, type LiveMessage, type LiveMeta, type MetricsView, PARK_IDS,
  type PathChange, type Room, type ServerToClientEvents, type SocketData, ViewDiffer, viewAt,
} from '@torch/shared';
import type { LiveSource } from '../ingest/liveSource.ts';
import type { GatewayMetrics } from '../observability.ts';

type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Packets waiting in a socket's buffer beyond which it counts as slow. */
const SLOW_BUFFER = 4;

export const ALL_ROOMS: readonly Room[] = ['zone', ...PARK_IDS.map((p) => `park:${p}` as const)];

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
  private readonly differ = new ViewDiffer();
  private lastVersion = -1;
  private lastMinute = -1;
  private lastLag = '';
  private timer: NodeJS.Timeout | null = null;
  private readonly rooms = new Map<Room, ChannelLog<LiveMeta>>(ALL_ROOMS.map((r) => [r, new ChannelLog<LiveMeta>(r, this.epoch)]));
  /** Sockets owed a snapshot of a room (they were skipped while slow). */
  private readonly owed = new Map<S, Set<Room>>();

  constructor(
    private readonly io: IO,
    private readonly live: LiveSource,
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

  private meta(): LiveMeta {
    return { kind: 'live', catchingUp: !this.live.caughtUp };
  }

  /** Recompute the view; returns the changes since the previous one. */
  private refresh(): PathChange[] {
    const now = this.now();
    this.lastVersion = this.live.version;
    this.lastMinute = Math.floor(now / 60_000);
    this.lastLag = JSON.stringify(this.live.lag);
    this.view = viewAt(this.live.state, now, this.live.lag);
    return this.differ.next(this.view) ?? [];
  }

  /** One throttle period: publish what changed, if anything did (new events, or a new minute). */
  tick(): void {
    this.settleOwed();
    if (this.live.version === this.lastVersion && Math.floor(this.now() / 60_000) === this.lastMinute && JSON.stringify(this.live.lag) === this.lastLag) return;
    const changes = this.refresh();
    if (changes.length === 0) return;
    const meta = this.meta();
    const local = this.io.of('/').adapter.rooms;
    // Every room keeps its sequence and ring even while nobody is in it, so that a client
    // resuming into it learns exactly what it missed.
    for (const [room, log] of this.rooms) {
      const roomChanges = changesForRoom(room, changes);
      if (roomChanges.length === 0) continue;
      const message = log.append(roomChanges, meta);
      // One broadcast per room, encoded once for all its sockets (a per-socket emit would encode
      // the same delta once per wall); the slow and those owed a snapshot are left out of it.
      const skip: string[] = [];
      let sent = 0;
      for (const id of local.get(room) ?? []) {
        const socket = this.io.of('/').sockets.get(id);
        if (!socket) continue;
        if (this.isSlow(socket) || this.owed.get(socket)?.has(room)) {
          skip.push(id);
          this.deliver(socket, room, message);
        } else sent++;
      }
      if (sent > 0) {
        this.io.local.to(room).except(skip).emit('view', message);
        this.metrics.deltas.inc(sent);
      }
    }
  }

  /**
   * A socket skipped while slow gets the latest state as soon as it reads again, whether or not
   * anything changes meanwhile (on a quiet night the next delta may be hours away).
   */
  private settleOwed(): void {
    for (const [socket, rooms] of this.owed) {
      if (!socket.connected) {
        this.owed.delete(socket);
        continue;
      }
      if (this.isSlow(socket)) continue;
      this.owed.delete(socket);
      for (const room of rooms) if (socket.rooms.has(room)) this.sendSnapshot(socket, room);
    }
  }

  private isSlow(socket: S): boolean {
    return ((socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0) > SLOW_BUFFER;
  }

  /** A socket that is slow, or owed a snapshot: skipped while slow, then given the latest state. */
  private deliver(socket: S, room: Room, message: LiveMessage): void {
    const owed = this.owed.get(socket) ?? new Set<Room>();
    if (this.isSlow(socket)) {
      owed.add(room);
      this.owed.set(socket, owed);
      this.metrics.slowSockets.inc();
      return;
    }
    if (owed.delete(room)) {
      this.sendSnapshot(socket, room);
      return;
    }
    socket.emit('view', message);
    this.metrics.deltas.inc();
  }

  /**
   * The last published view, not a fresh one: refreshing here would move the baseline that the
   * next tick diffs against, and clients already connected would never get those changes. A new
   * client is at most one throttle period behind and catches up with the next delta.
   */
  snapshot(room: Room): LiveMessage {
    if (!this.view) this.refresh();
    return this.rooms.get(room)!.snapshot(this.view!, this.meta());
  }

  sendSnapshot(socket: S, room: Room): number {
    const m = this.snapshot(room);
    socket.emit('view', m);
    this.metrics.snapshots.inc();
    return m.seq;
  }

  /**
   * Bring a subscriber up to date: the deltas it missed since `from` when the ring still has them
   * (none when it missed nothing), otherwise a snapshot. Returns how, and the sequence it is at.
   */
  catchUp(socket: S, room: Room, from: ChannelPosition | undefined): { mode: 'snapshot' | 'delta'; seq: number } {
    const missed = from ? this.rooms.get(room)!.missed(from) : null;
    if (!missed) return { mode: 'snapshot', seq: this.sendSnapshot(socket, room) };
    for (const m of missed) socket.emit('view', m);
    return { mode: 'delta', seq: missed.at(-1)?.seq ?? from!.seq };
  }
}
