// Reads the three source streams through this gateway's consumer group, reduces every entry and
// checkpoints state + acks together (checkpoint.ts), on a cadence: at most every COMMIT_MS, or
// sooner when COMMIT_ENTRIES are waiting, rather than after every read (at 200 ev/s that was 137
// commits a second, 33 MB written for 0.8 MB of events). Readers see the state as reduced, before
// it is committed: a crash re-reads the uncommitted entries and applies them to the last
// committed state, so each still counts once. Survives Redis restarts and hung reads:
//  - a dedicated connection for blocking reads, with a finite BLOCK;
//  - a watchdog that replaces that connection when a read outlives BLOCK by far (ioredis can leave
//    a blocking read hanging after a reconnect);
//  - errors logged and retried with capped backoff, never swallowed;
//  - a missing group or stream is recreated, not looped on;
//  - on start, this consumer's pending entries (delivered, never acknowledged) come first.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  type AlertTransition, type EngineState, type LogPosition, type MetricsState, type ReduceOutcome, type RuleSet, SOURCES, type Source, arrivalOf,
  backoffDelay, compareEntries, decodeEntry, logPosition, markAllDirty, processEntry, reduceRejected,
} from '@torch/shared';
import { errorText, retry, sleep } from '@torch/simulators';
import { type DeadLetter, commit, defineCommands, loadCheckpoint, loadEngine } from './checkpoint.ts';
import type { IngestKeys } from './keys.ts';
import { type FeedLag, consumerLag } from './lag.ts';
import type { StoredRuns } from './seenIds.ts';

export interface IngestHooks {
  applied?(source: Source, outcome: ReduceOutcome): void;
  rejected?(source: Source, reason: string): void;
  batch?(entries: number, reduceSeconds: number): void;
  /** After every lag refresh: the figures every reader now sees. */
  lag?(lag: Partial<Record<Source, number | null>>): void;
}

/** Alerting as ingestion sees it: the rules in force, and where transitions go (before the checkpoint that makes them final). */
export interface IngestAlerts {
  rules(): RuleSet;
  /** When alerting was switched on for the deployment (see AlertStore.epoch). */
  epoch: number;
  /** Must be idempotent: after a crash the same transitions are computed and applied again. */
  apply(transitions: AlertTransition[]): Promise<void>;
}

const NO_RULES: RuleSet = { rules: [] };

export interface IngestOptions {
  redis: Redis;
  keys: IngestKeys;
  consumer: string;
  log: Logger;
  batchSize?: number;
  blockMs?: number;
  deadLetterMaxLen?: number;
  /** Commit at most this often (ms)… */
  commitMs?: number;
  /** …or as soon as this many entries wait to be committed. */
  commitEntries?: number;
  hooks?: IngestHooks;
  alerts?: IngestAlerts;
}

type StreamReply = [key: string, entries: [id: string, fields: string[] | null][]][] | null;

/** A read's outcome as a value: a read that is awaited later (or never) cannot reject unhandled. */
type Settled<T> = { ok: true; value: T } | { ok: false; err: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (err: unknown) => ({ ok: false as const, err }));
const unwrap = <T>(r: Settled<T>): T => {
  if (!r.ok) throw r.err;
  return r.value;
};

/** How often lag is re-derived between health checks: often enough that a caught-up gateway says 0 at once. */
const LAG_REFRESH_MS = 1000;

/** Waits between failed reads, failed alert writes and failed checkpoints. */
const BACKOFF = { baseMs: 100, capMs: 5000 };

/** Applied (or dead-lettered) in memory, not yet committed: what the next commit makes final. */
interface Uncommitted {
  entries: number;
  acks: Record<Source, string[]>;
  dead: DeadLetter[];
  transitions: AlertTransition[];
}
const nothingUncommitted = (): Uncommitted => ({ entries: 0, acks: { tax: [], customs: [], registry: [] }, dead: [], transitions: [] });

export class Ingest {
  state!: MetricsState;
  engine!: EngineState;
  /** Bumped after every batch that changed the state: the publisher's cue. */
  version = 0;
  /** Entries not yet delivered to this gateway, per source (lag.ts), refreshed by refreshLag every second and on every health check. */
  lag: Partial<Record<Source, number | null>> = {};
  /** Entries delivered but not yet acknowledged, per source, refreshed with lag. */
  pending: Partial<Record<Source, number>> = {};
  private lagAsked = 0;
  private lagApplied = 0;
  private lagReads = 0;
  private lagTimer: NodeJS.Timeout | null = null;
  /** Entries applied in memory that the next commit makes final (and acknowledges). */
  get uncommittedEntries(): number {
    return this.uncommitted.entries;
  }
  /** True when pending entries are drained and the last read came back short of a full batch: no backlog. */
  caughtUp = false;
  private reader: Redis;
  private readonly stopController = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly blockMs: number;
  private readonly sourceOfKey: Map<string, Source>;
  /**
   * Entries read but not yet applied because another stream's full batch ended before them: under
   * a backlog, streams are read a page at a time each, and applying a later entry of one before an
   * earlier entry of another (still unread) would evaluate alerts over a different order than the
   * log's. They stay pending in Redis (unacknowledged) until applied.
   */
  private carry: (LogPosition & { id: string; fields: string[] | null })[] = [];
  private readonly pageEnd = new Map<number, { pos: LogPosition; full: boolean }>();
  private uncommitted = nothingUncommitted();
  private lastCommit = 0;
  private runs!: StoredRuns;
  private readonly commitMs: number;
  private readonly commitEntries: number;

  constructor(private readonly o: IngestOptions) {
    this.batchSize = o.batchSize ?? 500;
    this.blockMs = o.blockMs ?? 2000;
    this.commitMs = o.commitMs ?? 100;
    this.commitEntries = o.commitEntries ?? 10_000;
    this.reader = this.newReader();
    this.sourceOfKey = new Map(SOURCES.map((s) => [o.keys.streams[s], s]));
    defineCommands(o.redis);
  }

  /**
   * Re-derive this consumer's lag and pending count per source (see lag.ts): the one source of
   * both for health, feeds, the metrics view and Prometheus. Each call reads afresh (a health
   * check right after a write must see it); a read that returns after a newer one is dropped.
   * Unknown (null) while Redis cannot say, rather than the last figures. Throws nothing.
   */
  async refreshLag(): Promise<FeedLag | null> {
    const seq = ++this.lagAsked;
    this.lagReads++;
    let got: FeedLag | null = null;
    try {
      got = await consumerLag(this.o.redis, this.o.keys);
    } catch (e) {
      this.o.log.warn({ err: errorText(e) }, 'could not read consumer lag');
    } finally {
      this.lagReads--;
    }
    if (seq > this.lagApplied) {
      this.lagApplied = seq;
      this.lag = Object.fromEntries(SOURCES.map((s) => [s, got ? got[s].lag : null]));
      this.pending = got ? Object.fromEntries(SOURCES.map((s) => [s, got[s].pending])) : {};
      this.o.hooks?.lag?.(this.lag);
    }
    return got;
  }

  private newReader(): Redis {
    const r = this.o.redis.duplicate({ maxRetriesPerRequest: null, connectionName: `${this.o.consumer}-reader` });
    r.on('error', (e: Error) => this.o.log.debug({ err: e.message }, 'stream reader connection error'));
    return r;
  }

  /** Load the checkpoint, make sure the groups exist, then consume in the background. */
  async start(): Promise<void> {
    ({ state: this.state, runs: this.runs } = await loadCheckpoint(this.o.redis, this.o.keys));
    this.engine = await loadEngine(this.o.redis, this.o.keys, this.o.alerts?.epoch ?? Number.MAX_SAFE_INTEGER);
    this.o.log.info({ applied: this.state.applied, days: this.state.days.size, group: this.o.keys.group }, 'checkpoint loaded');
    await this.ensureGroups();
    this.loop = this.run();
    await this.refreshLag();
    // The timer skips a turn while a read is out (Redis slow or down): reads never pile up.
    this.lagTimer = setInterval(() => void (this.lagReads === 0 && this.refreshLag()), LAG_REFRESH_MS);
  }

  async stop(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.stopController.abort();
    this.reader.disconnect();
    await this.loop;
    // One try at committing what was applied since the last commit; if it fails, a restart re-reads it.
    try {
      await this.flush(this.stopController.signal);
    } catch (e) {
      this.o.log.warn({ err: errorText(e), entries: this.uncommitted.entries, group: this.o.keys.group }, 'could not commit on stop; the entries since the last commit are read again on start');
    }
  }

  private async ensureGroups(): Promise<void> {
    for (const s of SOURCES) {
      try {
        // From the beginning: a new gateway reduces the whole log.
        await this.o.redis.xgroup('CREATE', this.o.keys.streams[s], this.o.keys.group, '0', 'MKSTREAM');
        this.o.log.info({ stream: this.o.keys.streams[s], group: this.o.keys.group }, 'consumer group created');
      } catch (e) {
        if (!errorText(e).includes('BUSYGROUP')) throw e;
      }
    }
  }

  /** `soon`: entries are about to be applied (a prefetch), so do not block past their commit either. */
  private async read(ids: Record<Source, string>, block: boolean, draining = false, soon = false): Promise<StreamReply | 'hung'> {
    const args: (string | number)[] = ['GROUP', this.o.keys.group, this.o.consumer, 'COUNT', this.batchSize];
    // Never block while carried entries wait: they are processed as soon as the other streams allow.
    // Nor past the time the entries waiting to be committed are due.
    if (block && this.carry.length === 0) args.push('BLOCK', soon ? Math.min(this.blockMs, this.commitMs) : this.uncommitted.entries > 0 ? Math.max(1, Math.min(this.blockMs, this.commitDueIn())) : this.blockMs);
    // A stream with a full batch already carried is not read further until the others catch up.
    // Not while draining pending entries: an empty answer then means "all drained", which only
    // holds if every stream was asked.
    const carried = new Map<number, number>();
    for (const c of this.carry) carried.set(c.source, (carried.get(c.source) ?? 0) + 1);
    let sources = draining ? [...SOURCES] : SOURCES.filter((_, i) => (carried.get(i) ?? 0) < this.batchSize);
    if (sources.length === 0) sources = [...SOURCES];
    args.push('STREAMS', ...sources.map((s) => this.o.keys.streams[s]), ...sources.map((s) => ids[s]));
    const reader = this.reader;
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), this.blockMs + 5000)));
    try {
      const pending = settle((reader.xreadgroup as (...a: (string | number)[]) => Promise<unknown>)(...args));
      const result = await Promise.race([pending, watchdog]);
      if (result === 'hung') {
        this.o.log.warn({ afterMs: this.blockMs + 5000, group: this.o.keys.group }, 'blocking read did not return; replacing the reader connection');
        reader.disconnect();
        this.reader = this.newReader();
        // The abandoned read fails when its connection closes under it (expected), or may still be
        // served late; either way its entries sit in the pending list, which the next drain reads.
        void pending.then((r) => {
          if (!r.ok) this.o.log.debug({ err: errorText(r.err), group: this.o.keys.group }, 'the abandoned read failed as its connection was closed');
        });
        return 'hung';
      }
      return unwrap(result) as StreamReply;
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(): Promise<void> {
    const signal = this.stopController.signal;
    // Pending entries first: delivered to this consumer before a crash and never acknowledged.
    const pendingFrom: Record<Source, string> = { tax: '0', customs: '0', registry: '0' };
    const NEW: Record<Source, string> = { tax: '>', customs: '>', registry: '>' };
    let draining = true;
    let failures = 0;
    let redrainAgainAt = 0;
    // While a batch is being checkpointed, the next one is already being read: the two round
    // trips overlap. The read only moves entries into this consumer's pending list, so a crash in
    // between loses nothing (they are re-read on start).
    let next: Promise<Settled<StreamReply | 'hung'>> | null = null;
    // A prefetched read that will not be awaited: its entries stay pending (the next drain reads
    // them), so a failure loses nothing, but it is said.
    const drop = (read: typeof next, why: string) => {
      void read?.then((r) => {
        if (r.ok) return;
        const fields = { err: errorText(r.err), group: this.o.keys.group, consumer: this.o.consumer };
        // Stopping closes the reader under it: expected then, and not worth a warning.
        if (signal.aborted) this.o.log.debug(fields, `a prefetched read failed (${why})`);
        else this.o.log.warn(fields, `a prefetched read failed (${why}); its entries stay pending and are read again`);
      });
    };
    // A read that failed or hung may still have been served: its entries then sit in this
    // consumer's pending list, which only a read from '0' returns. So after any such read, drain again.
    // Entries applied but not committed are still in the pending list: commit them first, or the
    // drain would apply them again.
    const redrain = async () => {
      await this.flush(signal);
      draining = true;
      this.carry = []; // still pending in Redis: the drain reads them again
      this.pageEnd.clear();
      for (const s of SOURCES) pendingFrom[s] = '0';
    };
    while (!signal.aborted) {
      try {
        if (!draining && redrainAgainAt > 0 && Date.now() >= redrainAgainAt && next === null) {
          redrainAgainAt = 0;
          await redrain();
        }
        const got = next ? unwrap(await next) : await (draining ? this.read(pendingFrom, false, true) : this.read(NEW, true));
        next = null;
        if (signal.aborted) break;
        if (got === 'hung') {
          await redrain();
          // The abandoned read may still be served later (a black-holed connection delivers it
          // late), after this drain came back empty: drain once more when that can no longer happen.
          redrainAgainAt = Date.now() + 2 * (this.blockMs + 5000);
          continue;
        }
        const reply = got;
        const count = reply?.reduce((n, [, entries]) => n + entries.length, 0) ?? 0;
        if (count === 0 && this.carry.length === 0 && this.uncommitted.entries > 0) await this.flush(signal);
        if (draining && count === 0) {
          draining = false;
          this.o.log.info('pending entries drained; reading new entries');
          continue;
        }
        if (!draining) this.caughtUp = !reply || reply.every(([, entries]) => entries.length < this.batchSize);
        if ((reply && count > 0) || this.carry.length > 0) {
          if (draining) {
            for (const [key, entries] of reply ?? []) if (entries.length > 0) pendingFrom[this.sourceOfKey.get(key)!] = entries[entries.length - 1]![0];
          } else if (!this.caughtUp) {
            // Awaited on the next turn (its failure then handled below like any read's).
            next = settle(this.read(NEW, true, false, true));
          }
          this.process(reply ?? []);
          if (this.carry.length > 0) this.caughtUp = false;
        }
        if (this.uncommitted.entries >= this.commitEntries || (this.uncommitted.entries > 0 && this.commitDueIn() <= 0)) await this.flush(signal);
        failures = 0;
      } catch (e) {
        drop(next, 'dropped after another failure');
        next = null;
        if (signal.aborted) break;
        try {
          await redrain();
        } catch {
          break; // only when stopping: flush retries until the commit lands
        }
        const message = errorText(e);
        if (message.includes('NOGROUP')) {
          this.o.log.warn({ err: message, group: this.o.keys.group }, 'consumer group or stream missing; recreating it, and storing the whole state again');
          // Redis lost our keys (wiped or rolled back): the next checkpoint writes everything.
          markAllDirty(this.state);
          try {
            await this.ensureGroups();
            continue;
          } catch (err) {
            // Retried after the backoff below, rather than in a tight loop of NOGROUP reads.
            this.o.log.error({ err: errorText(err), group: this.o.keys.group }, 'could not recreate consumer groups');
          }
        }
        const wait = backoffDelay(failures++, BACKOFF, Math.random());
        this.o.log.error({ err: message, failures, retryInMs: wait, group: this.o.keys.group }, 'stream read failed');
        await sleep(wait, signal);
      }
    }
    drop(next, 'stopping');
  }

  private commitDueIn(): number {
    return this.lastCommit + this.commitMs - Date.now();
  }

  /** Apply a read's entries to the state in memory; what to acknowledge waits for the next flush. */
  private process(reply: NonNullable<StreamReply>): void {
    const started = performance.now();
    const { acks, dead, transitions } = this.uncommitted;
    // The three streams merged in arrival order: alert evaluation at a minute boundary then sees
    // exactly the entries that arrived before it, as a replay of the same log does.
    let batch: (LogPosition & { id: string; fields: string[] | null })[] = this.carry;
    // Each stream's last page: where it ended and whether it was full (more may follow). A full
    // page bounds what can be applied of the others, also while that stream is not read again
    // (its carry is full): nothing after its end can be applied until its next page is in.
    const carried = new Map<number, number>();
    for (const c of this.carry) carried.set(c.source, (carried.get(c.source) ?? 0) + 1);
    const inReply = new Set<number>();
    for (const [key, list] of reply) {
      const source = SOURCES.indexOf(this.sourceOfKey.get(key)!);
      inReply.add(source);
      for (const [id, fields] of list) batch.push({ id, ...logPosition(id, source), fields });
      if (list.length > 0) this.pageEnd.set(source, { pos: batch[batch.length - 1]!, full: list.length >= this.batchSize });
      else this.pageEnd.delete(source);
    }
    // Asked and nothing came (Redis leaves such streams out of the reply): no page pending.
    for (let i = 0; i < SOURCES.length; i++) if (!inReply.has(i) && (carried.get(i) ?? 0) < this.batchSize) this.pageEnd.delete(i);
    let frontier: LogPosition | null = null;
    for (const { pos, full } of this.pageEnd.values()) if (full && (!frontier || compareEntries(pos, frontier) < 0)) frontier = pos;
    batch.sort(compareEntries);
    this.carry = [];
    if (frontier) {
      const cut = batch.findIndex((e) => compareEntries(e, frontier!) > 0);
      if (cut >= 0) {
        this.carry = batch.slice(cut);
        batch = batch.slice(0, cut);
      }
    }
    const pipeline = { metrics: this.state, engine: this.engine, rules: this.o.alerts?.rules() ?? NO_RULES };
    for (const { id, source: si, fields } of batch) {
      const source = SOURCES[si]!;
      acks[source].push(id);
      if (fields === null) {
        // Pending, but the stream was trimmed under it: the event is gone; say so.
        const reason = 'entry was trimmed from the stream before it was processed';
        dead.push({ source, streamId: id, reason, raw: undefined });
        reduceRejected(this.state, source, arrivalOf(id));
        this.o.hooks?.rejected?.(source, reason);
        continue;
      }
      const decoded = decodeEntry(source, id, fields);
      const { outcome, transitions: t } = processEntry(pipeline, source, decoded);
      if (t.length > 0) transitions.push(...t);
      if (decoded.ok) this.o.hooks?.applied?.(source, outcome as ReduceOutcome);
      else {
        dead.push({ source, streamId: id, reason: decoded.reason, raw: decoded.raw });
        this.o.hooks?.rejected?.(source, decoded.reason);
      }
    }
    this.uncommitted.entries += batch.length;
    this.version++;
    this.o.hooks?.batch?.(batch.length, (performance.now() - started) / 1000);
  }

  /** Make everything applied so far final: alert transitions, then state + dead letters + acks in one transaction. */
  private async flush(signal: AbortSignal): Promise<void> {
    const u = this.uncommitted;
    if (u.entries === 0) return;
    // Alert transitions land before the checkpoint that acknowledges their entries: a crash in
    // between recomputes them on restart, and applying them is idempotent.
    const alerts = this.o.alerts;
    const transitions = u.transitions;
    if (transitions.length > 0 && alerts) {
      await retry(() => alerts.apply(transitions), {
        ...BACKOFF, signal,
        onError: (e, failure, retryInMs) => this.o.log.error({ err: errorText(e), failure, retryInMs, transitions: transitions.length, first: transitions[0]!.id }, retryInMs === null ? 'storing alert transitions failed; stopping' : 'storing alert transitions failed; retrying'),
      });
      u.transitions = [];
    }
    // Acknowledge only together with the state: retry the commit until it lands (or we stop,
    // in which case nothing was acknowledged and a restart re-reads these entries).
    this.runs = await retry(() => commit(this.o.redis, this.o.keys, this.state, this.engine, this.runs, u.acks, u.dead, this.o.deadLetterMaxLen ?? 100_000), {
      ...BACKOFF, signal,
      onError: (e, failure, retryInMs) => this.o.log.error({ err: errorText(e), failure, retryInMs, entries: u.entries, group: this.o.keys.group }, retryInMs === null ? 'checkpoint failed; stopping' : 'checkpoint failed; retrying'),
    });
    this.uncommitted = nothingUncommitted();
    this.lastCommit = Date.now();
  }
}
