// One replay session: a period of the recorded log played through the same reducer and alert
// engine as live, on its own state, driven by its own clock. Play, pause, speed and seek; every
// operation is queued, so a seek never interleaves with a step. Watchers get a snapshot, then
// throttled deltas through the shared view channel, in the session's own Socket.IO room: the live
// wall is never touched. Every rebuild (a seek backwards, playing again) starts a new epoch, so a
// watcher that comes back across one gets a snapshot, never deltas from before it.
import type { Logger } from 'pino';
import {
  type AlertTransition, ChannelLog, type ChannelPosition, type ReplayInfo, type ReplayMeta, type ReplayViewMessage, type RuleSet, type Speed,
  type ScreenView, ViewDiffer, replayChannel, screenView, viewAt,
} from '@torch/shared';
import { type BuildDeps, type Replayable, applyLogEntry, buildAt } from './build.ts';
import { type LogEntry, readLog } from './log.ts';

export interface SessionSpec {
  from: number;
  to: number;
  sources: string[] | null;
  parks: string[] | null;
  speed: Speed;
  createdBy: string;
}

export interface SessionDeps {
  build: BuildDeps;
  rules: () => RuleSet;
  log: Logger;
  /** Deliver a message to the session's watchers. */
  emit: (m: ReplayViewMessage) => void;
  now: () => number;
  stepMs?: number;
}

/** Entries processed per step at 'max' speed: the event loop gets a turn between steps. */
const MAX_BATCH = 5000;
const MAX_ALERTS = 500;

export class ReplaySession {
  readonly createdAt: number;
  status: ReplayInfo['status'] = 'building';
  clock: number;
  speed: Speed;
  error: string | null = null;
  watchers = 0;
  lastActivity: number;
  /** The alert transitions of this replay, in order, from its start to the clock. */
  alerts: AlertTransition[] = [];
  private r: Replayable | null = null;
  private cursor: AsyncGenerator<LogEntry> | null = null;
  private peeked: LogEntry | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private lastStep = 0;
  private rebuilds = 0;
  private log: ChannelLog<ReplayMeta>;
  private readonly differ = new ViewDiffer();
  /** The view last published: what a joining watcher's snapshot shows, so later deltas apply on top. */
  private published: ScreenView | null = null;
  private alertsSent = -1;
  private dirty = true;

  constructor(readonly id: string, readonly spec: SessionSpec, private readonly d: SessionDeps) {
    this.createdAt = d.now();
    this.lastActivity = this.createdAt;
    this.clock = spec.from;
    this.speed = spec.speed;
    this.log = new ChannelLog(replayChannel(id), `${id.slice(0, 8)}-0`);
  }

  info(): ReplayInfo {
    return {
      id: this.id, from: this.spec.from, to: this.spec.to, sources: this.spec.sources, parks: this.spec.parks, createdBy: this.spec.createdBy,
      createdAt: this.createdAt, status: this.status, clock: this.clock, speed: this.speed, watchers: this.watchers, error: this.error,
    };
  }

  /** Build the state at the start; throws RetentionError when the log no longer reaches back. */
  async open(): Promise<void> {
    await this.enqueue(() => this.rebuild(this.spec.from));
    if (this.status === 'closed') return; // closed while it was being built
    this.status = 'paused';
    // tick() turns the session 'failed' and says why; what escapes even that is logged here.
    this.timer = setInterval(() => void this.enqueue(() => this.tick()).catch((e: Error) => this.d.log.error({ err: e.message, session: this.id }, 'replay step failed')), this.d.stepMs ?? 100);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    void this.cursor?.return(undefined);
    this.status = 'closed';
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op);
    // The chain goes on after a failed operation; its caller gets the error through `next`.
    this.queue = next.catch(() => undefined);
    return next;
  }

  touch(): void {
    this.lastActivity = this.d.now();
  }

  play(): Promise<void> {
    return this.enqueue(async () => {
      if (this.status === 'failed') return;
      if (this.clock >= this.spec.to) await this.rebuild(this.spec.from); // play again from the start
      this.status = 'playing';
      this.lastStep = this.d.now();
      this.dirty = true;
    });
  }

  pause(): Promise<void> {
    return this.enqueue(async () => {
      if (this.status === 'playing') this.status = 'paused';
      this.dirty = true;
    });
  }

  setSpeed(speed: Speed): Promise<void> {
    return this.enqueue(async () => {
      this.speed = speed;
      this.lastStep = this.d.now(); // the new speed counts from now
      this.dirty = true;
    });
  }

  /** Land on the exact state of `at`: forward by reading on, backward by building again. */
  seek(at: number): Promise<void> {
    return this.enqueue(async () => {
      const target = Math.min(Math.max(at, this.spec.from), this.spec.to);
      if (target < this.clock) await this.rebuild(target);
      else await this.advanceTo(target, Infinity);
      if (this.status === 'ended' && target < this.spec.to) this.status = 'paused';
      this.lastStep = this.d.now();
      this.dirty = true;
    });
  }

  /** Wait for every queued operation (tests, and REST answers that report the state after them). */
  settled(): Promise<void> {
    return this.enqueue(async () => {});
  }

  get pipeline() {
    return this.r!.pipeline;
  }

  private async rebuild(at: number): Promise<void> {
    // Build first: if it fails (the log was trimmed meanwhile, Redis is down), the session keeps
    // its current state and cursor, and the caller gets the error.
    const built = await buildAt(this.d.build, this.d.rules(), at, true);
    void this.cursor?.return(undefined);
    this.r = built;
    this.cursor = readLog(this.d.build.redis, this.d.build.streams, at, this.spec.to - 1);
    this.peeked = null;
    this.clock = at;
    // Alerts of the replay so far: those the store says fired from the start up to `at`.
    this.alerts = at === this.spec.from ? [] : this.alerts.filter((t) => t.at < at);
    this.log = new ChannelLog(replayChannel(this.id), `${this.id.slice(0, 8)}-${++this.rebuilds}`);
    this.differ.reset();
    this.dirty = true;
  }

  /** Apply entries with arrival < target (at most `limit`); the clock moves to target or to the last entry. */
  private async advanceTo(target: number, limit: number): Promise<void> {
    let n = 0;
    for (;;) {
      const e = this.peeked ?? (await this.cursor!.next()).value ?? null;
      this.peeked = null;
      if (!e) {
        this.clock = Math.max(this.clock, Math.min(target, this.spec.to));
        break;
      }
      if (e.ms >= target || n >= limit) {
        this.peeked = e;
        this.clock = Math.max(this.clock, n >= limit ? e.ms : target);
        break;
      }
      const t = applyLogEntry(this.r!, e);
      if (t.length > 0) {
        this.alerts.push(...t);
        if (this.alerts.length > 5 * MAX_ALERTS) this.alerts.splice(0, this.alerts.length - MAX_ALERTS);
      }
      n++;
    }
    if (n > 0) this.dirty = true;
    if (this.clock >= this.spec.to) {
      this.clock = this.spec.to;
      this.status = 'ended';
      this.dirty = true;
    }
  }

  private async tick(): Promise<void> {
    try {
      if (this.status === 'playing') {
        const now = this.d.now();
        if (this.speed === 'max') await this.advanceTo(this.spec.to, MAX_BATCH);
        else await this.advanceTo(this.clock + (now - this.lastStep) * this.speed, Infinity);
        this.lastStep = now;
        this.dirty = true;
      }
      this.publish();
    } catch (e) {
      this.status = 'failed';
      this.error = (e as Error).message;
      this.d.log.error({ err: this.error, session: this.id }, 'replay failed');
      this.publish();
    }
  }

  /** The view at the replay clock, as the live wall would have shown it then. */
  view() {
    return viewAt(this.r!.pipeline.metrics, this.clock);
  }

  private meta(withAlerts: boolean): ReplayMeta {
    return { kind: 'replay', info: this.info(), ...(withAlerts ? { alerts: this.alerts.slice(-MAX_ALERTS) } : {}) };
  }

  /**
   * Number what changed since the last message and send it to the watchers (a snapshot after a
   * rebuild). The baseline moves even while nobody watches, so a watcher's snapshot and the deltas
   * after it always line up.
   */
  publish(force = false): void {
    if (!this.r || (!this.dirty && !force)) return;
    this.dirty = false;
    // What a screen shows of it (screenView), at the replay clock's own instant.
    const view = screenView(this.view());
    const changes = this.differ.next(view);
    this.published = view;
    const alertsChanged = this.alertsSent !== this.alerts.length;
    this.alertsSent = this.alerts.length;
    const m = changes === null || force ? this.log.snapshot(view, this.meta(true)) : this.log.append(changes, this.meta(alertsChanged));
    if (this.watchers > 0 || force) this.d.emit(m);
  }

  /** What a watcher needs to be up to date: the deltas it missed since `from`, or a snapshot. */
  catchUp(from?: ChannelPosition): { messages: ReplayViewMessage[]; mode: 'snapshot' | 'delta'; seq: number } | null {
    if (!this.r) return null;
    this.publish();
    const missed = from ? this.log.missed(from) : null;
    if (missed) return { messages: missed, mode: 'delta', seq: missed.at(-1)?.seq ?? from!.seq };
    const snap = this.log.snapshot(this.published ?? screenView(this.view()), this.meta(true));
    return { messages: [snap], mode: 'snapshot', seq: snap.seq };
  }
}
