// Turns the live state into what the live rooms' subscribers receive: a snapshot when they
// subscribe, then throttled deltas (never one message per event), through the shared view channel
// (one ChannelLog per room: epoch, sequence, ring). Each room gets its screen's view (screenView:
// the zone in full, parks' headline figures, a park room's own park in full), diffed on its own;
// a room nobody on this gateway watches is not computed at all, and a client resuming into it
// later gets a snapshot. A resuming client gets what it missed or a fresh snapshot. A slow client is never queued an unbounded backlog: while its buffer is full it
// is skipped and marked, and it gets a snapshot of the latest state once it drains.
import type { Server, Socket } from 'socket.io';
import {
  ChannelLog, type ChannelPosition, type ClientToServerEvents, type InterServerEvents, type LiveMessage, type LiveMeta, type MetricsView, PARK_IDS,
  type ParkId, type Room, type ScreenView, type ServerToClientEvents, type SocketData, ViewDiffer, displayInstant, screenView, viewAt,
} from '@torch/shared';
import type { LiveSource } from '../ingest/liveSource.ts';
import type { GatewayMetrics } from '../observability.ts';

type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Packets waiting in a socket's buffer beyond which it counts as slow. */
const SLOW_BUFFER = 4;

export const ALL_ROOMS: readonly Room[] = ['zone', ...PARK_IDS.map((p) => `park:${p}` as const)];

/**
 * How long a room is still computed after its last subscriber left: a wall that loses its network
 * for a moment resumes with the deltas it missed (the ring holds 30 s at 4 Hz), not a snapshot.
 */
const IDLE_GRACE_MS = 30_000;

/** A room being computed: its diff baseline, the screen view last published, since when unwatched. */
interface Screen {
  differ: ViewDiffer;
  view: ScreenView;
  idleSince: number | null;
}

/** The park whose figures a room shows in full (null: the zone room). */
export function parkOfRoom(room: Room): ParkId | null {
  return room === 'zone' ? null : (room.slice(5) as ParkId);
}

export class Publisher {
  readonly epoch = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  /** The whole view at the last refresh (read at the start of the minute: see screenView). */
  private view: MetricsView | null = null;
  /** Per room being watched: its diff baseline and the screen view last published. */
  private readonly screens = new Map<Room, Screen>();
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

  /** Recompute the whole view. */
  private refresh(): void {
    const now = this.now();
    this.lastVersion = this.live.version;
    this.lastMinute = Math.floor(now / 60_000);
    this.lastLag = JSON.stringify(this.live.lag);
    this.view = viewAt(this.live.state, displayInstant(now), this.live.lag);
  }

  /** A room's screen, its baseline set to the current view (for its first subscriber). */
  private screen(room: Room): Screen {
    let s = this.screens.get(room);
    if (!s) {
      if (!this.view) this.refresh();
      s = { differ: new ViewDiffer(), view: screenView(this.view!, parkOfRoom(room)), idleSince: null };
      s.differ.next(s.view);
      this.screens.set(room, s);
    }
    return s;
  }

  /** One throttle period: publish what changed, if anything did (new events, or a new minute). */
  tick(): void {
    this.settleOwed();
    if (this.live.version === this.lastVersion && Math.floor(this.now() / 60_000) === this.lastMinute && JSON.stringify(this.live.lag) === this.lastLag) return;
    this.refresh();
    const meta = this.meta();
    const local = this.io.of('/').adapter.rooms;
    for (const [room, log] of this.rooms) {
      const held = this.screens.get(room);
      if (!held) continue; // nobody watches it; its first subscriber gets a snapshot
      if (local.get(room)?.size) held.idleSince = null;
      else if ((held.idleSince ??= this.now()) < this.now() - IDLE_GRACE_MS) {
        // Nobody here has watched it for a while: stop computing it. A client resuming into it
        // later gets a snapshot rather than "nothing missed".
        this.screens.delete(room);
        log.skip();
        continue;
      }
      const view = screenView(this.view!, parkOfRoom(room));
      const changes = held.differ.next(view) ?? [];
      held.view = view;
      if (changes.length === 0) continue;
      const message = log.append(changes, meta);
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
    return this.rooms.get(room)!.snapshot(this.screen(room).view, this.meta());
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
    // A room not computed until now has no deltas to offer: a snapshot, whatever the position.
    const missed = from && this.screens.has(room) ? this.rooms.get(room)!.missed(from) : null;
    if (!missed) return { mode: 'snapshot', seq: this.sendSnapshot(socket, room) };
    for (const m of missed) socket.emit('view', m);
    return { mode: 'delta', seq: missed.at(-1)?.seq ?? from!.seq };
  }
}
