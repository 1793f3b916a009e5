// The embedded store: an in-process server speaking the Redis protocol for the commands this
// center uses, so that `npm start` runs on a machine with nothing but Node and every part of the
// product (simulators, gateway, accounts) talks to it through the same ioredis code as to Redis.
// The same integration suites run against it (vitest project "embedded"). It is a fallback, said
// loudly at start: a real Redis is what production runs.
//
// Persistence (persistence.ts): every command that changes data is appended to a log as it runs,
// handed to the OS on the next turn of the loop and fsynced once a second; the log is compacted in
// slices in the background. Replaying the log gives the same data because the store is
// deterministic given the commands and the time: each command runs at `this.now`, taken once per
// request (as Redis does for a script or a transaction) and written to the log before it.
import { type Server, type Socket, createServer } from 'node:net';
import { SCRIPTS, scriptSha } from '../../scripts/index.ts';
import { type Reply, RequestParser, RespError, encode, encodeCommand } from './resp.ts';
import {
  type Group, type Stream, type StreamId, append, bound, cmp, entryReply, firstAfter, idAt, idText, indexOf, length, newStream, nextId, parseId, trim,
} from './streams.ts';
import { Persistence, type PersistenceOptions, type StoreLog } from './persistence.ts';
import { restoreCommands, applyRestore, type Value } from './snapshot.ts';

export type { Value };

interface Conn {
  socket: Socket | null;
  multi: string[][] | null;
  channels: Set<string>;
}

interface Waiter {
  conn: Conn;
  args: string[];
  timer: NodeJS.Timeout | null;
}

const OK = { simple: 'OK' };
const err = (m: string) => new RespError(m);
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/** Commands that change data: these, and only these, go to the log. */
const WRITES = new Set([
  'SET', 'GETDEL', 'DEL', 'EXPIRE', 'PEXPIRE', 'INCR', 'INCRBY', 'HSET', 'HSETNX', 'HDEL', 'ZADD', 'ZREM', 'ZREMRANGEBYSCORE', 'ZREMRANGEBYRANK',
  'XADD', 'XTRIM', 'XGROUP', 'XACK', 'XREADGROUP',
]);

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

export interface EmbeddedStoreOptions extends PersistenceOptions {
  /** Folder of the data files; none: memory only. */
  dir?: string;
  /** A snapshot file of the earlier format (one JSON line per key) to migrate once. */
  legacyFile?: string;
  log?: StoreLog;
}

const quietLog: StoreLog = (level, message) => {
  if (level !== 'info') process.stderr.write(`${message}\n`);
};

export class EmbeddedStore {
  private readonly data = new Map<string, Value>();
  private readonly expires = new Map<string, number>();
  private readonly conns = new Set<Conn>();
  private readonly waiters: Waiter[] = [];
  private server: Server | null = null;
  private readonly persistence: Persistence | null;
  private readonly log: StoreLog;
  /** The time every command of the current request runs at (and the log's last time mark). */
  private now = Date.now();
  private loggedNow = -1;
  private replaying = false;
  /** Hashes and sorted sets held by a compaction in progress: copied before they are changed. */
  private shared = new Set<Value>();
  url = '';

  constructor(private readonly opts: EmbeddedStoreOptions = {}) {
    this.log = opts.log ?? quietLog;
    this.persistence = opts.dir ? new Persistence(opts.dir, this.log, opts) : null;
    if (this.persistence) this.persistence.captureFn = () => this.capture();
  }

  /** Compactions finished so far, and the data folder. */
  get info(): { dir: string | null; compactions: number; lastCompactionMs: number } {
    return { dir: this.opts.dir ?? null, compactions: this.persistence?.stats.count ?? 0, lastCompactionMs: this.persistence?.stats.lastMs ?? 0 };
  }

  async start(port = 0): Promise<string> {
    if (this.persistence) await this.load(this.persistence);
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.url = `redis://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const c of this.conns) c.socket?.destroy();
    for (const w of this.waiters) if (w.timer) clearTimeout(w.timer);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.persistence?.close();
  }

  /** Compact the log now (tests, and the migration of an old snapshot). */
  compact(): Promise<void> {
    return this.persistence ? this.persistence.compact(() => this.capture()) : Promise.resolve();
  }

  // ---- persistence -------------------------------------------------------------------------
  private async load(p: Persistence): Promise<void> {
    const t0 = performance.now();
    const migrate = !p.exists() && this.opts.legacyFile ? this.opts.legacyFile : null;
    this.replaying = true;
    const replayConn: Conn = { socket: null, multi: null, channels: new Set() };
    let failed = 0;
    const { commands } = p.load((args) => {
      const name = args[0]!;
      if (name === '@') this.now = Number(args[1]);
      else if (name[0] === '_') applyRestore(this.data, this.expires, args);
      else {
        try {
          this.exec(replayConn, args);
        } catch {
          failed++;
        }
      }
    });
    this.replaying = false;
    this.now = Date.now();
    if (failed > 0) this.log('warn', `embedded store: ${failed} logged commands failed again on replay and were skipped`);
    if (commands > 0) this.log('info', `embedded store: loaded ${commands} logged commands from ${p.dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (migrate) {
      const { existsSync } = await import('node:fs');
      if (existsSync(migrate)) {
        const { loadLegacySnapshot } = await import('./legacySnapshot.ts');
        loadLegacySnapshot(migrate, this.data, this.expires);
        this.log('info', `embedded store: read the snapshot of the earlier format, ${migrate}; writing it into ${p.dir}`);
      }
    }
    await p.open();
    if (migrate && this.data.size > 0) {
      await p.compact(() => this.capture());
      const { rename } = await import('node:fs/promises');
      await rename(migrate, `${migrate}.migrated`);
      this.log('info', `embedded store: migrated; the old snapshot is kept as ${migrate}.migrated (it can be deleted)`);
    }
  }

  /** Append a command that changed data to the log, after the time it ran at. */
  private record(args: string[]): void {
    if (!this.persistence || this.replaying) return;
    if (this.now !== this.loggedNow) {
      this.loggedNow = this.now;
      this.persistence.append(encodeCommand(['@', String(this.now)]));
    }
    // A client's own command goes to the log as the bytes it sent (no second encoding); commands
    // run inside a transaction or a script are encoded here.
    this.persistence.append(this.request?.args === args ? this.request.bytes : encodeCommand(args));
  }

  /**
   * The data as it is right now, as restore commands produced lazily (a compaction writes them out
   * in slices). Streams are read from their arrays up to today's length (they only grow at the
   * end); groups and expiry times are copied now; hashes and sorted sets are copied by whoever
   * changes one before the compaction has written it.
   */
  private capture(): Iterable<string> {
    const shared = new Set<Value>();
    const keys: [string, Value][] = [];
    for (const [k, v] of this.data) {
      if (!this.get(k)) continue;
      if (v.type === 'stream') {
        keys.push([k, { ...v, ms: v.ms, seq: v.seq, fields: v.fields, head: v.head, end: v.ms.length, groups: cloneGroups(v.groups) } as Value]);
      } else {
        if (v.type !== 'string') shared.add(v);
        keys.push([k, v]);
      }
    }
    this.shared = shared;
    const expires = new Map(this.expires);
    const done = () => {
      if (this.shared === shared) this.shared = new Set();
    };
    return restoreCommands(keys, expires, done);
  }

  // ---- connections -------------------------------------------------------------------------
  private accept(socket: Socket): void {
    const conn: Conn = { socket, multi: null, channels: new Set() };
    this.conns.add(conn);
    socket.setNoDelay(true);
    const parser = new RequestParser();
    socket.on('data', (chunk: Buffer) => {
      // One write for all the replies of a chunk (a pipeline of thousands of XADDs).
      const replies: string[] = [];
      parser.each(chunk, (args, bytes) => this.handle(conn, args, replies, bytes));
      if (replies.length > 0 && !socket.destroyed) socket.write(replies.join(''), 'latin1');
    });
    const drop = () => {
      this.conns.delete(conn);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i]!;
        if (w.conn !== conn) continue;
        if (w.timer) clearTimeout(w.timer);
        this.waiters.splice(i, 1);
      }
    };
    socket.on('close', drop);
    socket.on('error', drop);
  }

  private send(conn: Conn, r: Reply): void {
    if (conn.socket && !conn.socket.destroyed) conn.socket.write(encode(r), 'latin1');
  }

  /** The request being run and its bytes as received: logged as they are when it is a write. */
  private request: { args: string[]; bytes: Buffer } | null = null;

  private handle(conn: Conn, args: string[], out: string[], bytes?: Buffer): void {
    const name = args[0]!.toUpperCase();
    this.now = Date.now();
    try {
      if (conn.multi && name !== 'EXEC' && name !== 'DISCARD' && name !== 'MULTI' && name !== 'WATCH') {
        conn.multi.push(args);
        out.push('+QUEUED\r\n');
        return;
      }
      if (name === 'MULTI') {
        conn.multi = [];
        out.push('+OK\r\n');
        return;
      }
      if (name === 'DISCARD') {
        conn.multi = null;
        out.push('+OK\r\n');
        return;
      }
      if (name === 'EXEC') {
        const queued = conn.multi ?? [];
        conn.multi = null;
        // Single-threaded: the whole batch runs without anything in between, as in Redis.
        const results = queued.map((a) => {
          try {
            return this.exec(conn, a);
          } catch (e) {
            return e instanceof RespError ? e : err(`ERR ${(e as Error).message}`);
          }
        });
        out.push(encode(results.map((r) => (r === BLOCK ? null : r)) as Reply[]));
        return this.wake();
      }
      this.request = bytes ? { args, bytes } : null;
      const r = this.exec(conn, args);
      this.request = null;
      if (r !== BLOCK) out.push(encode(r));
      if (WRITES.has(name) || name === 'EVALSHA' || name === 'EVAL') this.wake();
    } catch (e) {
      this.request = null;
      out.push(encode(e instanceof RespError ? e : err(`ERR ${(e as Error).message}`)));
    }
  }

  // ---- keys --------------------------------------------------------------------------------
  private get(key: string): Value | undefined {
    const at = this.expires.get(key);
    if (at !== undefined && at <= this.now) {
      this.data.delete(key);
      this.expires.delete(key);
    }
    return this.data.get(key);
  }
  private typed<T extends Value['type']>(key: string, type: T): Extract<Value, { type: T }> | undefined {
    const v = this.get(key);
    if (v && v.type !== type) throw err(WRONGTYPE);
    return v as Extract<Value, { type: T }> | undefined;
  }
  /** The value to change in place: a copy when a compaction still holds the current one. */
  private writable<T extends 'hash' | 'zset'>(key: string, type: T): Extract<Value, { type: T }> | undefined {
    const v = this.typed(key, type) as { type: T; map: Map<string, unknown> } | undefined;
    if (v && this.shared.has(v as Value)) {
      const copy = { type, map: new Map(v.map) } as unknown as Extract<Value, { type: T }>;
      this.data.set(key, copy);
      return copy;
    }
    return v as Extract<Value, { type: T }> | undefined;
  }
  private create<T extends 'hash' | 'zset' | 'stream'>(key: string, type: T): Extract<Value, { type: T }> {
    if (type === 'stream') {
      let s = this.typed(key, 'stream');
      if (!s) this.data.set(key, (s = newStream()));
      return s as Extract<Value, { type: T }>;
    }
    let v = this.writable(key, type as 'hash' | 'zset');
    if (!v) {
      v = { type, map: new Map() } as Extract<Value, { type: 'hash' | 'zset' }>;
      this.data.set(key, v);
    }
    return v as Extract<Value, { type: T }>;
  }
  private del(key: string): number {
    this.expires.delete(key);
    return this.data.delete(key) ? 1 : 0;
  }

  // ---- commands ----------------------------------------------------------------------------
  private exec(conn: Conn, args: string[]): Reply | typeof BLOCK {
    const name = args[0]!.toUpperCase();
    const r = this.run(conn, name, args);
    if (WRITES.has(name) && r !== RETRY_BLOCKED) this.record(args);
    return r === RETRY_BLOCKED ? BLOCK : r;
  }

  private run(conn: Conn, name: string, args: string[]): Reply | typeof BLOCK | typeof RETRY_BLOCKED {
    const a = args.slice(1);
    switch (name) {
      case 'PING': return a[0] ?? { simple: 'PONG' };
      case 'ECHO': return a[0]!;
      case 'QUIT': setImmediate(() => conn.socket?.end()); return OK;
      case 'SELECT': case 'WATCH': case 'UNWATCH': return OK;
      case 'CLIENT': return a[0]?.toUpperCase() === 'GETNAME' ? null : a[0]?.toUpperCase() === 'ID' ? 1 : OK;
      case 'INFO': return '# Server\r\nredis_version:7.0.0\r\nredis_mode:embedded\r\n# Persistence\r\nloading:0\r\n';
      case 'DBSIZE': return [...this.data.keys()].filter((k) => this.get(k)).length;
      case 'DEL': return a.reduce((n, k) => n + (this.get(k) ? this.del(k) : 0), 0);
      case 'EXISTS': return a.filter((k) => this.get(k)).length;
      case 'TYPE': return { simple: this.get(a[0]!)?.type ?? 'none' };
      case 'EXPIRE': case 'PEXPIRE': {
        if (!this.get(a[0]!)) return 0;
        this.expires.set(a[0]!, this.now + Number(a[1]) * (name === 'EXPIRE' ? 1000 : 1));
        return 1;
      }
      case 'TTL': case 'PTTL': {
        if (!this.get(a[0]!)) return -2;
        const at = this.expires.get(a[0]!);
        if (at === undefined) return -1;
        return name === 'TTL' ? Math.ceil((at - this.now) / 1000) : at - this.now;
      }
      case 'SCAN': {
        const i = a.findIndex((x) => x.toUpperCase() === 'MATCH');
        const re = glob(i >= 0 ? a[i + 1]! : '*');
        return ['0', [...this.data.keys()].filter((k) => re.test(k) && this.get(k))];
      }
      case 'KEYS': return [...this.data.keys()].filter((k) => glob(a[0]!).test(k) && this.get(k));
      // strings
      case 'GET': return this.typed(a[0]!, 'string')?.value ?? null;
      case 'GETDEL': {
        const v = this.typed(a[0]!, 'string');
        if (v) this.del(a[0]!);
        return v?.value ?? null;
      }
      case 'SET': {
        const [key, value, ...opts] = a;
        const o = opts.map((x) => x.toUpperCase());
        const exists = this.get(key!) !== undefined;
        if ((o.includes('NX') && exists) || (o.includes('XX') && !exists)) return null;
        this.del(key!);
        this.data.set(key!, { type: 'string', value: value! });
        const ex = o.indexOf('EX');
        const px = o.indexOf('PX');
        if (ex >= 0) this.expires.set(key!, this.now + Number(opts[ex + 1]) * 1000);
        if (px >= 0) this.expires.set(key!, this.now + Number(opts[px + 1]));
        return OK;
      }
      case 'INCR': case 'INCRBY': {
        const v = this.typed(a[0]!, 'string');
        const n = Number(v?.value || 0) + (name === 'INCR' ? 1 : Number(a[1]));
        if (!Number.isInteger(n)) throw err('ERR value is not an integer or out of range');
        // A new value rather than a change in place: a compaction may hold the old one.
        this.data.set(a[0]!, { type: 'string', value: String(n) });
        return n;
      }
      // hashes
      case 'HSET': {
        const h = this.create(a[0]!, 'hash');
        let added = 0;
        for (let i = 1; i < a.length; i += 2) {
          if (!h.map.has(a[i]!)) added++;
          h.map.set(a[i]!, a[i + 1]!);
        }
        return added;
      }
      case 'HSETNX': {
        const h = this.create(a[0]!, 'hash');
        if (h.map.has(a[1]!)) return 0;
        h.map.set(a[1]!, a[2]!);
        return 1;
      }
      case 'HGET': return this.typed(a[0]!, 'hash')?.map.get(a[1]!) ?? null;
      case 'HGETALL': return [...(this.typed(a[0]!, 'hash')?.map ?? [])].flat();
      case 'HKEYS': return [...(this.typed(a[0]!, 'hash')?.map.keys() ?? [])];
      case 'HLEN': return this.typed(a[0]!, 'hash')?.map.size ?? 0;
      case 'HEXISTS': return this.typed(a[0]!, 'hash')?.map.has(a[1]!) ? 1 : 0;
      case 'HVALS': return [...(this.typed(a[0]!, 'hash')?.map.values() ?? [])];
      case 'HMGET': return a.slice(1).map((f) => this.typed(a[0]!, 'hash')?.map.get(f) ?? null);
      case 'HDEL': {
        const h = this.writable(a[0]!, 'hash');
        if (!h) return 0;
        const n = a.slice(1).filter((f) => h.map.delete(f)).length;
        if (h.map.size === 0) this.del(a[0]!);
        return n;
      }
      // sorted sets
      case 'ZADD': {
        const z = this.create(a[0]!, 'zset');
        let i = 1;
        let nx = false;
        while (['NX', 'XX', 'CH', 'GT', 'LT'].includes(a[i]!.toUpperCase())) nx ||= a[i++]!.toUpperCase() === 'NX';
        let added = 0;
        for (; i < a.length; i += 2) {
          const had = z.map.has(a[i + 1]!);
          if (nx && had) continue;
          if (!had) added++;
          z.map.set(a[i + 1]!, Number(a[i]));
        }
        return added;
      }
      case 'ZCARD': return this.typed(a[0]!, 'zset')?.map.size ?? 0;
      case 'ZRANGE':
      case 'ZREVRANGE': {
        const sorted = name === 'ZREVRANGE' ? [...this.zsorted(a[0]!)].reverse() : this.zsorted(a[0]!);
        const [start, stop] = this.rangeOf(sorted.length, Number(a[1]), Number(a[2]));
        const slice = sorted.slice(start, stop + 1);
        return a.some((x) => x.toUpperCase() === 'WITHSCORES') ? slice.flatMap(([m, s]) => [m, String(s)]) : slice.map(([m]) => m);
      }
      case 'ZREM': {
        const z = this.writable(a[0]!, 'zset');
        if (!z) return 0;
        const n = a.slice(1).filter((m) => z.map.delete(m)).length;
        if (z.map.size === 0) this.del(a[0]!);
        return n;
      }
      case 'ZREMRANGEBYSCORE': {
        const z = this.writable(a[0]!, 'zset');
        if (!z) return 0;
        const lim = (t: string) => (t === '-inf' ? -Infinity : t === '+inf' || t === 'inf' ? Infinity : Number(t.replace('(', '')));
        const [lo, hi] = [lim(a[1]!), lim(a[2]!)];
        const loEx = a[1]!.startsWith('(');
        const hiEx = a[2]!.startsWith('(');
        let n = 0;
        for (const [m, s] of z.map) if ((loEx ? s > lo : s >= lo) && (hiEx ? s < hi : s <= hi)) n += z.map.delete(m) ? 1 : 0;
        if (z.map.size === 0) this.del(a[0]!);
        return n;
      }
      case 'ZREVRANGEBYSCORE': {
        // ZREVRANGEBYSCORE key max min [LIMIT offset count]
        const lim = (t: string) => (t === '-inf' ? -Infinity : t === '+inf' || t === 'inf' ? Infinity : Number(t.replace('(', '')));
        const [hi, lo] = [lim(a[1]!), lim(a[2]!)];
        const [hiEx, loEx] = [a[1]!.startsWith('('), a[2]!.startsWith('(')];
        const inRange = this.zsorted(a[0]!).reverse().filter(([, sc]) => (loEx ? sc > lo : sc >= lo) && (hiEx ? sc < hi : sc <= hi));
        const at = a.findIndex((x) => x.toUpperCase() === 'LIMIT');
        const page = at > 0 ? inRange.slice(Number(a[at + 1]), Number(a[at + 1]) + Number(a[at + 2])) : inRange;
        return page.map(([m]) => m);
      }
      case 'ZREMRANGEBYRANK': {
        const size = this.typed(a[0]!, 'zset')?.map.size ?? 0;
        const [start, stop] = this.rangeOf(size, Number(a[1]), Number(a[2]));
        if (stop < start) return 0; // nothing to remove: no sort of the whole set
        const sorted = this.zsorted(a[0]!);
        const z = this.writable(a[0]!, 'zset')!;
        let n = 0;
        for (const [m] of sorted.slice(start, stop + 1)) n += z.map.delete(m) ? 1 : 0;
        if (z.map.size === 0) this.del(a[0]!);
        return n;
      }
      // pub/sub
      case 'SUBSCRIBE': return this.subscribe(conn, a);
      case 'UNSUBSCRIBE': {
        for (const c of a.length ? a : [...conn.channels]) conn.channels.delete(c);
        return ['unsubscribe', a[0] ?? null, conn.channels.size];
      }
      case 'PUBLISH': {
        let n = 0;
        for (const c of this.conns) if (c.channels.has(a[0]!)) {
          this.send(c, ['message', a[0]!, a[1]!]);
          n++;
        }
        return n;
      }
      // scripting: only the center's own scripts, by name of their source's SHA-1
      case 'SCRIPT': {
        if (a[0]?.toUpperCase() !== 'LOAD') return OK;
        const sha = scriptSha(Buffer.from(a[1]!, 'latin1').toString('utf8'));
        if (!SCRIPT_BY_SHA.has(sha)) throw err('ERR the embedded store runs only the center\'s own scripts (backend/src/scripts)');
        return sha;
      }
      case 'EVALSHA': return this.runScript(a[0]!.toLowerCase(), a.slice(1));
      case 'EVAL': return this.runScript(scriptSha(Buffer.from(a[0]!, 'latin1').toString('utf8')), a.slice(1));
      default:
        return this.streamCommand(conn, name, a);
    }
  }

  /**
   * The center's own scripts (scripts/index.ts), found by the SHA-1 of their Lua source and run as
   * their TypeScript twins; nothing else. (rate-limiter-flexible's script is not here: the
   * gateway uses its in-memory limiter on the embedded store.)
   */
  private runScript(sha: string, rest: string[]): Reply {
    const script = SCRIPT_BY_SHA.get(sha);
    if (!script) throw err('NOSCRIPT No matching script. The embedded store runs only the center\'s own scripts (backend/src/scripts).');
    const n = Number(rest[0]);
    const inner: Conn = { socket: null, multi: null, channels: new Set() };
    const call = (...args: string[]) => {
      const r = this.exec(inner, args);
      return r === BLOCK ? null : r;
    };
    return toReply(script.twin(call, rest.slice(1, 1 + n), rest.slice(1 + n)));
  }

  private subscribe(conn: Conn, channels: string[]): Reply | typeof BLOCK {
    for (const c of channels) {
      conn.channels.add(c);
      this.send(conn, ['subscribe', c, conn.channels.size]);
    }
    return BLOCK;
  }

  private zsorted(key: string): [string, number][] {
    return [...(this.typed(key, 'zset')?.map ?? [])].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }
  private rangeOf(len: number, start: number, stop: number): [number, number] {
    const s = start < 0 ? Math.max(0, len + start) : start;
    const e = stop < 0 ? len + stop : Math.min(stop, len - 1);
    return [s, e];
  }

  // ---- streams -----------------------------------------------------------------------------
  private streamCommand(conn: Conn, name: string, a: string[]): Reply | typeof BLOCK | typeof RETRY_BLOCKED {
    switch (name) {
      case 'XADD': {
        const key = a[0]!;
        let i = 1;
        let maxLen: number | undefined;
        let minId: StreamId | undefined;
        let noMk = false;
        if (a[i]?.toUpperCase() === 'NOMKSTREAM') {
          noMk = true;
          i++;
        }
        while (a[i] && ['MAXLEN', 'MINID'].includes(a[i]!.toUpperCase())) {
          const kind = a[i]!.toUpperCase();
          i++;
          if (a[i] === '~' || a[i] === '=') i++;
          if (kind === 'MAXLEN') maxLen = Number(a[i++]);
          else minId = parseId(a[i++]!);
        }
        if ((a.length - i - 1) % 2 !== 0 || a.length - i - 1 === 0) throw err("ERR wrong number of arguments for 'xadd' command");
        if (noMk && !this.typed(key, 'stream')) return null;
        const existing = this.typed(key, 'stream');
        const id = nextId(existing ?? newStream(), a[i++]!, this.now);
        const s = existing ?? this.create(key, 'stream');
        append(s, id, encodeCommand(a, i));
        trim(s, maxLen, minId);
        return idText(id);
      }
      case 'XLEN': {
        const s = this.typed(a[0]!, 'stream');
        return s ? length(s) : 0;
      }
      case 'XTRIM': {
        const s = this.typed(a[0]!, 'stream');
        if (!s) return 0;
        let i = 2;
        if (a[i] === '~' || a[i] === '=') i++;
        return a[1]!.toUpperCase() === 'MAXLEN' ? trim(s, Number(a[i])) : trim(s, undefined, parseId(a[i]!));
      }
      case 'XRANGE': case 'XREVRANGE': {
        const s = this.typed(a[0]!, 'stream');
        const rev = name === 'XREVRANGE';
        const lo = bound(rev ? a[2]! : a[1]!, true);
        const hi = bound(rev ? a[1]! : a[2]!, false);
        const ci = a.findIndex((x) => x.toUpperCase() === 'COUNT');
        const count = ci >= 0 ? Number(a[ci + 1]) : Infinity;
        if (!s) return [];
        const from = firstAfter(s, lo.id, !lo.exclusive);
        const to = firstAfter(s, hi.id, hi.exclusive); // exclusive end index
        const out: Reply[] = [];
        if (rev) for (let j = to - 1; j >= from && out.length < count; j--) out.push(entryReply(s, j));
        else for (let j = from; j < to && out.length < count; j++) out.push(entryReply(s, j));
        return out;
      }
      case 'XGROUP': {
        const sub = a[0]!.toUpperCase();
        if (sub === 'CREATE') {
          let s = this.typed(a[1]!, 'stream');
          if (!s) {
            if (!a.slice(4).some((x) => x.toUpperCase() === 'MKSTREAM')) throw err('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');
            s = this.create(a[1]!, 'stream');
          }
          if (s.groups.has(a[2]!)) throw err('BUSYGROUP Consumer Group name already exists');
          s.groups.set(a[2]!, { lastDelivered: a[3] === '$' ? s.last : parseId(a[3]!), entriesRead: 0, pel: new Map(), consumers: new Set() });
          return OK;
        }
        if (sub === 'DESTROY') return this.typed(a[1]!, 'stream')?.groups.delete(a[2]!) ? 1 : 0;
        throw err(`ERR unknown XGROUP subcommand ${sub}`);
      }
      case 'XACK': {
        const g = this.typed(a[0]!, 'stream')?.groups.get(a[1]!);
        if (!g) return 0;
        let n = 0;
        for (let i = 2; i < a.length; i++) if (g.pel.delete(idText(parseId(a[i]!)))) n++;
        return n;
      }
      case 'XPENDING': {
        const g = this.group(a[0]!, a[1]!);
        const ids = [...g.pel.keys()].map((k) => parseId(k)).sort(cmp);
        const per = new Map<string, number>();
        for (const p of g.pel.values()) per.set(p.consumer, (per.get(p.consumer) ?? 0) + 1);
        return [g.pel.size, ids[0] ? idText(ids[0]) : null, ids.at(-1) ? idText(ids.at(-1)!) : null, g.pel.size ? [...per].map(([c, n]) => [c, String(n)]) : null];
      }
      case 'XINFO': {
        const sub = a[0]!.toUpperCase();
        const s = this.typed(a[1]!, 'stream');
        if (!s) throw err('ERR no such key');
        if (sub === 'GROUPS') {
          return [...s.groups].map(([n, g]) => {
            const undelivered = s.ms.length - firstAfter(s, g.lastDelivered, false);
            return ['name', n, 'consumers', g.consumers.size, 'pending', g.pel.size, 'last-delivered-id', idText(g.lastDelivered), 'entries-read', g.entriesRead, 'lag', undelivered];
          });
        }
        if (sub === 'STREAM') return ['length', length(s), 'last-generated-id', idText(s.last), 'groups', s.groups.size];
        throw err(`ERR unknown XINFO subcommand ${sub}`);
      }
      case 'XREADGROUP': return this.xreadgroup(conn, a, false);
      default:
        throw err(`ERR unknown command '${name.toLowerCase()}' (the embedded store implements what this center uses)`);
    }
  }

  private group(key: string, name: string): Group {
    const g = this.typed(key, 'stream')?.groups.get(name);
    if (!g) throw err(`NOGROUP No such key '${key}' or consumer group '${name}' in XREADGROUP with GROUP option`);
    return g;
  }

  private xreadgroup(conn: Conn, a: string[], retry: boolean): Reply | typeof BLOCK | typeof RETRY_BLOCKED {
    const up = a.map((x) => x.toUpperCase());
    const group = a[up.indexOf('GROUP') + 1]!;
    const consumer = a[up.indexOf('GROUP') + 2]!;
    const ci = up.indexOf('COUNT');
    const count = ci >= 0 ? Number(a[ci + 1]) : Infinity;
    const bi = up.indexOf('BLOCK');
    const si = up.indexOf('STREAMS');
    const rest = a.slice(si + 1);
    const keys = rest.slice(0, rest.length / 2);
    const ids = rest.slice(rest.length / 2);
    const out: Reply[] = [];
    let any = false;
    keys.forEach((key, k) => {
      const g = this.group(key, group);
      const s = this.typed(key, 'stream')!;
      g.consumers.add(consumer);
      if (ids[k] === '>') {
        const start = firstAfter(s, g.lastDelivered, false);
        const end = Math.min(s.ms.length, start + count);
        if (end <= start) return;
        any = true;
        const list: Reply[] = [];
        for (let j = start; j < end; j++) {
          g.pel.set(`${s.ms[j]}-${s.seq[j]}`, { consumer, deliveredAt: this.now, count: 1 });
          list.push(entryReply(s, j));
        }
        g.lastDelivered = idAt(s, end - 1);
        g.entriesRead += end - start;
        out.push([key, list]);
      } else {
        // This consumer's pending entries after the id; a trimmed one comes back without fields.
        const after = parseId(ids[k]!);
        const mine = [...g.pel].filter(([, p]) => p.consumer === consumer).map(([id]) => parseId(id)).filter((id) => cmp(id, after) > 0).sort(cmp).slice(0, count);
        any = true;
        out.push([key, mine.map((id) => {
          const j = indexOf(s, id);
          return j >= 0 ? entryReply(s, j) : [idText(id), null];
        })]);
      }
    });
    if (any) return out;
    if (bi < 0 || this.replaying) return null;
    if (retry) return RETRY_BLOCKED;
    const ms = Number(a[bi + 1]);
    const waiter: Waiter = { conn, args: a, timer: null };
    if (ms > 0) {
      waiter.timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        this.send(conn, null);
      }, ms);
    }
    this.waiters.push(waiter);
    return BLOCK;
  }

  /** After every write: serve blocked readers whose streams now have entries. */
  private wake(): void {
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i]!;
      let r: Reply | typeof BLOCK | typeof RETRY_BLOCKED;
      try {
        r = this.xreadgroup(w.conn, w.args, true);
        if (r !== RETRY_BLOCKED) this.record(['XREADGROUP', ...w.args]);
      } catch (e) {
        r = e as RespError;
      }
      if (r === RETRY_BLOCKED || r === BLOCK) continue;
      this.waiters.splice(i--, 1);
      if (w.timer) clearTimeout(w.timer);
      this.send(w.conn, r);
    }
  }
}

const SCRIPT_BY_SHA = new Map(Object.values(SCRIPTS).map((s) => [scriptSha(s.lua), s]));

/** A twin's result as Redis would reply to the Lua value: numbers, strings, arrays, nil. */
function toReply(v: unknown): Reply {
  if (v === null || v === undefined || v === false) return null;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' || v instanceof Error) return v;
  if (Array.isArray(v)) return v.map(toReply);
  return v as Reply;
}

function cloneGroups(groups: Map<string, Group>): Map<string, Group> {
  return new Map([...groups].map(([n, g]) => [n, { lastDelivered: g.lastDelivered, entriesRead: g.entriesRead, pel: new Map([...g.pel].map(([id, p]) => [id, { ...p }])), consumers: new Set(g.consumers) }]));
}

/** Marks a command whose reply comes later (blocking read, subscription). */
const BLOCK = Symbol('block');
/** A blocked read tried again after a write and still with nothing to read: nothing changed. */
const RETRY_BLOCKED = Symbol('retry-blocked');

export type { Stream };
