// Where the embedded store keeps its data, Redis 7's multi-part append-only file in small:
//   manifest.json   which files make up the data, in order: one base, then append logs
//   base-<n>.log    the whole data as restore commands, written by a compaction
//   incr-<n>.log    every command that changed data since, as it ran
// A compaction (when the logs outgrow the base, like auto-aof-rewrite-percentage 100) starts a new
// append log at one instant, captures the data as it is at that instant (see capture() in the
// store) and writes it out as a new base in slices across turns of the event loop; only when the
// base is complete and fsynced does the manifest switch to it. A crash at any point leaves the
// manifest naming files that hold everything acknowledged.
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { LogWriter, frame, readLog, truncateLog } from './appendLog.ts';

export interface Manifest {
  seq: number;
  base: string | null;
  incr: string[];
}

export type StoreLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface PersistenceOptions {
  /** Compact once the append logs exceed this many bytes and the base's size (default 64 MB). */
  rewriteMinBytes?: number;
  /** Restore commands are produced and written in slices of about this many bytes. */
  sliceBytes?: number;
}

export interface CompactionStats {
  count: number;
  lastMs: number;
  lastBytes: number;
}

export class Persistence {
  private manifest: Manifest = { seq: 0, base: null, incr: [] };
  private writer: LogWriter | null = null;
  private compacting: Promise<void> | null = null;
  private baseBytes = 0;
  private incrBytesBefore = 0; // bytes of the append logs before the current one
  readonly stats: CompactionStats = { count: 0, lastMs: 0, lastBytes: 0 };
  private readonly rewriteMin: number;
  private readonly slice: number;

  constructor(readonly dir: string, private readonly log: StoreLog, opts: PersistenceOptions = {}) {
    this.rewriteMin = opts.rewriteMinBytes ?? 64 << 20;
    this.slice = opts.sliceBytes ?? 1 << 20;
  }

  private get manifestPath(): string {
    return join(this.dir, 'manifest.json');
  }

  /** Whether there is data here (a manifest). */
  exists(): boolean {
    return existsSync(this.manifestPath);
  }

  /** Replay the data into the store, synchronously (at start, before anyone connects). */
  load(apply: (args: string[]) => void): { commands: number } {
    mkdirSync(this.dir, { recursive: true });
    if (this.exists()) this.manifest = JSON.parse(readFileSync(this.manifestPath, 'utf8')) as Manifest;
    let commands = 0;
    const count = (args: string[]) => {
      commands++;
      apply(args);
    };
    const files = [...(this.manifest.base ? [this.manifest.base] : []), ...this.manifest.incr];
    files.forEach((name, i) => {
      const path = join(this.dir, name);
      if (!existsSync(path)) {
        if (i === files.length - 1 && name.startsWith('incr-')) return; // created, never written
        throw new Error(`embedded store: ${path} is named in the manifest but missing`);
      }
      const r = readLog(path, count);
      if (name === this.manifest.base) this.baseBytes = r.good;
      else if (i < files.length - 1) this.incrBytesBefore += r.good;
      if (r.torn > 0) {
        // Only the last file is ever being written when the process dies; anything else torn is damage.
        if (i !== files.length - 1) throw new Error(`embedded store: ${path} is damaged at byte ${r.good} of ${r.good + r.torn}`);
        this.log('warn', `embedded store: dropped a torn last record (${r.torn} bytes at byte ${r.good} of ${name}), written when the process stopped mid-write`);
        truncateLog(path, r.good);
      }
    });
    // Left over by a compaction that did not finish, or by an earlier manifest.
    const keep = new Set(['manifest.json', ...files]);
    for (const f of readdirSync(this.dir)) if (/^(base|incr)-\d+\.log(\.tmp)?$/.test(f) && !keep.has(f)) unlinkSync(join(this.dir, f));
    return { commands };
  }

  /** Open the current append log for writing (a new one when there is none yet). */
  async open(): Promise<void> {
    if (this.manifest.incr.length === 0) {
      this.manifest.seq++;
      this.manifest.incr.push(`incr-${this.manifest.seq}.log`);
      await this.saveManifest();
    }
    this.writer = await LogWriter.open(join(this.dir, this.manifest.incr.at(-1)!), (e) => this.log('error', `embedded store: writing ${this.manifest.incr.at(-1)} failed: ${e.message}; changes are no longer saved`));
  }

  append(command: string | Buffer): void {
    this.writer!.append(command);
    if (!this.compacting && this.logBytes() > Math.max(this.rewriteMin, this.baseBytes)) this.compact(this.captureFn!);
  }

  /** Set by the store: the restore commands of its data as it is now, produced lazily. */
  captureFn: (() => Iterable<string>) | null = null;

  private logBytes(): number {
    return this.incrBytesBefore + (this.writer?.size ?? 0) + (this.writer?.backlog ?? 0);
  }

  get busy(): boolean {
    return this.compacting !== null;
  }

  /** Start a compaction now (also when the logs are small); resolves when it is done. */
  compact(capture: () => Iterable<string>): Promise<void> {
    if (this.compacting) return this.compacting;
    this.compacting = this.runCompaction(capture).catch((e: Error) => this.log('error', `embedded store: compaction failed (${e.message}); the append logs are kept and it will be tried again`)).finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  private async runCompaction(capture: () => Iterable<string>): Promise<void> {
    const t0 = performance.now();
    const n = this.manifest.seq + 1;
    const incr = `incr-${n}.log`;
    const base = `base-${n}.log`;
    const next = await LogWriter.open(join(this.dir, incr), (e) => this.log('error', `embedded store: writing ${incr} failed: ${e.message}; changes are no longer saved`));
    const older = { base: this.manifest.base, incr: [...this.manifest.incr] };
    this.manifest = { seq: n, base: older.base, incr: [...older.incr, incr] };
    await this.saveManifest();
    // One synchronous step: from here on changes go to the new log, and the capture is the data
    // as it is right now, so base + new log is exactly the data.
    const previous = this.writer!;
    this.writer = next;
    const restore = capture()[Symbol.iterator]();
    const closing = previous.close();
    this.incrBytesBefore = 0;

    const tmp = join(this.dir, `${base}.tmp`);
    const fh = await open(tmp, 'w');
    let bytes = 0;
    try {
      for (;;) {
        // One slice per turn: produce about `slice` bytes of restore commands, then write them.
        const parts: string[] = [];
        let size = 0;
        let done = false;
        while (size < this.slice) {
          const r = restore.next();
          if (r.done) {
            done = true;
            break;
          }
          parts.push(r.value);
          size += r.value.length;
        }
        if (parts.length > 0) {
          const record = frame(Buffer.from(parts.join(''), 'latin1'));
          let at = 0;
          while (at < record.length) at += (await fh.write(record, at, record.length - at)).bytesWritten;
          bytes += record.length;
        }
        if (done) break;
        await new Promise((r) => setImmediate(r));
      }
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, base));
    await closing;
    this.manifest = { seq: n, base, incr: [incr] };
    await this.saveManifest();
    this.baseBytes = bytes;
    for (const f of [...(older.base ? [older.base] : []), ...older.incr]) await unlink(join(this.dir, f)).catch(() => {});
    const ms = Math.round(performance.now() - t0);
    this.stats.count++;
    this.stats.lastMs = ms;
    this.stats.lastBytes = bytes;
    this.log('info', `embedded store: compacted the log into ${base} (${(bytes / 2 ** 20).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s, in slices)`);
  }

  private async saveManifest(): Promise<void> {
    const tmp = `${this.manifestPath}.tmp`;
    const fh = await open(tmp, 'w');
    await fh.writeFile(JSON.stringify(this.manifest));
    await fh.datasync();
    await fh.close();
    await rename(tmp, this.manifestPath);
  }

  /** Flush and close (after a compaction in progress has finished). */
  async close(): Promise<void> {
    if (this.compacting) await this.compacting;
    await this.writer?.close();
    this.writer = null;
  }
}

