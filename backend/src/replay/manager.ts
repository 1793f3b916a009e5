// The replay sessions of one gateway: a bounded number at once, each in its own Socket.IO room
// (`replay:<id>`, its view channel), closed when idle (nobody watching and no control for a while).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type ReplayViewMessage, type RuleSet, replayChannel } from '@torch/shared';
import { errorText } from '@torch/simulators';
import type { BuildDeps } from './build.ts';
import { ReplaySession, type SessionSpec } from './session.ts';

export interface ReplayManagerOptions {
  build: BuildDeps;
  rules: () => RuleSet;
  log: Logger;
  now: () => number;
  maxSessions: number;
  idleMs: number;
  /** Send a message to everyone in a session's room. */
  emit: (room: string, m: ReplayViewMessage) => void;
  /** Sockets in a room on every gateway (the watcher count can drift when a gateway dies). */
  roomSize?: (room: string) => Promise<number>;
}

export class TooManySessions extends Error {}

/** A session's Socket.IO room is its view channel's name. */
export const replayRoom = replayChannel;

export class ReplayManager {
  readonly sessions = new Map<string, ReplaySession>();
  private readonly sweeper: NodeJS.Timeout;

  /** The replay part's logger, for the cluster that fronts this manager. */
  get log(): Logger {
    return this.o.log;
  }

  constructor(private readonly o: ReplayManagerOptions) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(30_000, Math.max(1000, o.idleMs / 4)));
  }

  async create(spec: SessionSpec): Promise<ReplaySession> {
    if (this.sessions.size >= this.o.maxSessions) throw new TooManySessions(`at most ${this.o.maxSessions} replay sessions at once; close one first`);
    const id = randomUUID();
    const session = new ReplaySession(id, spec, {
      build: this.o.build, rules: this.o.rules, log: this.o.log, now: this.o.now,
      emit: (m) => this.o.emit(replayRoom(id), m),
    });
    this.sessions.set(id, session); // counted while it builds, so a burst of requests cannot exceed the bound
    try {
      await session.open();
    } catch (e) {
      this.sessions.delete(id);
      session.close();
      throw e;
    }
    this.o.log.info({ session: id, from: spec.from, to: spec.to, by: spec.createdBy }, 'replay session opened');
    return session;
  }

  get(id: string): ReplaySession | undefined {
    return this.sessions.get(id);
  }

  close(id: string): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    s.close();
    this.sessions.delete(id);
    s.publish(true);
    this.o.log.info({ session: id }, 'replay session closed');
    return true;
  }

  private sweep(): void {
    const now = this.o.now();
    for (const [id, s] of this.sessions) {
      if (now - s.lastActivity <= this.o.idleMs) continue;
      if (s.watchers === 0) {
        this.close(id);
        continue;
      }
      // Counted watchers, but is anyone really there? Ask the room, and correct the count.
      void this.o.roomSize?.(replayRoom(id)).then((n) => {
        s.watchers = n;
        if (n === 0 && this.sessions.get(id) === s) this.close(id);
      }, (e: unknown) => this.o.log.warn({ err: errorText(e), session: id, watchers: s.watchers }, 'could not count the watchers of an idle replay session; keeping it until the next sweep'));
    }
  }

  stop(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.sessions.keys()]) this.close(id);
  }
}
