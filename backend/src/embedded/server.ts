// The embedded store: an in-process server speaking the Redis protocol for the commands this
// center uses, so that `npm start` runs on a machine with nothing but Node and every part of the
// product (simulators, gateway, accounts) talks to it through the same ioredis code as to Redis.
// The same integration suites run against it (vitest project "embedded"). Data lives in memory,
// snapshotted to a JSON file on an interval and at stop. It is a fallback, said loudly at start:
// a real Redis is what production runs.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { type Server, type Socket, createServer } from 'node:net';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import { type Reply, RequestParser, RespError, encode } from './resp.ts';
import { type Group, type Stream, type StreamEntry, type StreamId, bound, cmp, firstAfter, idText, newStream, nextId, parseId, trim } from './streams.ts';

type Value =
  | { type: 'string'; value: string }
  | { type: 'hash'; map: Map<string, string> }
  | { type: 'zset'; map: Map<string, number> }
  | Stream;

interface Conn {
  socket: Socket;
  multi: string[][] | null;
  channels: Set<string>;
}

interface Waiter {
  conn: Conn;
  args: string[];
  keys: string[];
  timer: NodeJS.Timeout | null;
}

const OK = { simple: 'OK' };
const err = (m: string) => new RespError(m);
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

export class EmbeddedStore {
  private readonly data = new Map<string, Value>();
  private readonly expires = new Map<string, number>();
  private readonly conns = new Set<Conn>();
  private readonly waiters: Waiter[] = [];
  private server: Server | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  url = '';

  constructor(private readonly file?: string) {}

  async start(port = 0): Promise<string> {
    if (this.file && existsSync(this.file)) this.load();
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.url = `redis://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`;
    // Saved once a minute when something changed, and at stop: a crash loses at most a minute.
    if (this.file) this.saveTimer = setInterval(() => this.save(), 60_000);
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.saveTimer) clearInterval(this.saveTimer);
    this.save();
    for (const c of this.conns) c.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ---- persistence -------------------------------------------------------------------------
  // One JSON line per key, written in chunks (a backfilled log is hundreds of MB: never one string).
  private dirty = false;

  private save(): void {
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    mkdirSync(dirname(this.file), { recursive: true });
    const fd = openSync(`${this.file}.tmp`, 'w');
    const write = (obj: unknown) => writeSync(fd, JSON.stringify(obj) + '\n');
    write({ expires: [...this.expires] });
    for (const [k, v] of this.data) {
      if (v.type === 'string') write([k, 's', v.value]);
      else if (v.type === 'hash') write([k, 'h', [...v.map]]);
      else if (v.type === 'zset') write([k, 'z', [...v.map]]);
      else {
        write([k, 'x', { l: idText(v.last), a: v.added, g: [...v.groups].map(([n, g]) => [n, idText(g.lastDelivered), g.entriesRead, [...g.pel], [...g.consumers]]) }]);
        for (let i = 0; i < v.entries.length; i += 5000) write([k, 'e', v.entries.slice(i, i + 5000).map((e) => [e.key, e.fields])]);
      }
    }
    closeSync(fd);
    renameSync(`${this.file}.tmp`, this.file);
  }

  private load(): void {
    const lines = readFileSync(this.file!, 'utf8').split('\n').filter(Boolean);
    const head = JSON.parse(lines[0]!) as { expires: [string, number][] };
    for (const [k, at] of head.expires) this.expires.set(k, at);
    for (const line of lines.slice(1)) {
      const [k, t, v] = JSON.parse(line) as [string, string, unknown];
      if (t === 's') this.data.set(k, { type: 'string', value: v as string });
      else if (t === 'h') this.data.set(k, { type: 'hash', map: new Map(v as [string, string][]) });
      else if (t === 'z') this.data.set(k, { type: 'zset', map: new Map(v as [string, number][]) });
      else if (t === 'x') {
        const x = v as { l: string; a: number; g: [string, string, number, [string, { consumer: string; deliveredAt: number; count: number }][], string[]][] };
        this.data.set(k, {
          type: 'stream', entries: [], last: parseId(x.l), added: x.a,
          groups: new Map(x.g.map(([n, ld, er, pel, cs]) => [n, { lastDelivered: parseId(ld), entriesRead: er, pel: new Map(pel), consumers: new Set(cs) }])),
        });
      } else {
        const s = this.data.get(k) as Stream;
        for (const [id, fields] of v as [string, string[]][]) s.entries.push({ id: parseId(id), key: id, fields });
      }
    }
  }

  // ---- connections -------------------------------------------------------------------------
  private accept(socket: Socket): void {
    const conn: Conn = { socket, multi: null, channels: new Set() };
    this.conns.add(conn);
    const parser = new RequestParser();
    socket.on('data', (chunk) => {
      for (const args of parser.push(chunk)) this.handle(conn, args);
    });
    const drop = () => {
      this.conns.delete(conn);
      for (let i = this.waiters.length - 1; i >= 0; i--) if (this.waiters[i]!.conn === conn) this.waiters.splice(i, 1);
    };
    socket.on('close', drop);
    socket.on('error', drop);
  }

  private reply(conn: Conn, r: Reply): void {
    if (!conn.socket.destroyed) conn.socket.write(encode(r));
  }

  private handle(conn: Conn, args: string[]): void {
    const name = args[0]!.toUpperCase();
    try {
      if (conn.multi && !['EXEC', 'DISCARD', 'MULTI', 'WATCH'].includes(name)) {
        conn.multi.push(args);
        return this.reply(conn, { simple: 'QUEUED' });
      }
      if (name === 'MULTI') {
        conn.multi = [];
        return this.reply(conn, OK);
      }
      if (name === 'DISCARD') {
        conn.multi = null;
        return this.reply(conn, OK);
      }
      if (name === 'EXEC') {
        const queued = conn.multi ?? [];
        conn.multi = null;
        this.dirty = true;
        // Single-threaded: the whole batch runs without anything in between, as in Redis.
        const results = queued.map((a) => {
          try {
            return this.exec(conn, a);
          } catch (e) {
            return e instanceof RespError ? e : err(`ERR ${(e as Error).message}`);
          }
        });
        this.reply(conn, results.map((r) => (r === BLOCK ? null : r)) as Reply[]);
        return this.wake();
      }
      if (!READS.has(name)) this.dirty = true;
      const r = this.exec(conn, args);
      if (r !== BLOCK) this.reply(conn, r);
      this.wake();
    } catch (e) {
      this.reply(conn, e instanceof RespError ? e : err(`ERR ${(e as Error).message}`));
    }
  }

  // ---- keys --------------------------------------------------------------------------------
  private get(key: string): Value | undefined {
    const at = this.expires.get(key);
    if (at !== undefined && at <= Date.now()) {
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
  private create<T extends Value['type']>(key: string, type: T): Extract<Value, { type: T }> {
    let v = this.typed(key, type);
    if (!v) {
      v = (type === 'string' ? { type, value: '' } : type === 'hash' ? { type, map: new Map() } : type === 'zset' ? { type, map: new Map() } : newStream()) as Extract<Value, { type: T }>;
      this.data.set(key, v);
    }
    return v;
  }
  private del(key: string): number {
    this.expires.delete(key);
    return this.data.delete(key) ? 1 : 0;
  }

  // ---- commands ----------------------------------------------------------------------------
  private exec(conn: Conn, args: string[]): Reply | typeof BLOCK {
    const [cmd, ...a] = args;
    const name = cmd!.toUpperCase();
    switch (name) {
      case 'PING': return a[0] ?? { simple: 'PONG' };
      case 'ECHO': return a[0]!;
      case 'QUIT': setImmediate(() => conn.socket.end()); return OK;
      case 'SELECT': case 'WATCH': case 'UNWATCH': return OK;
      case 'CLIENT': return a[0]?.toUpperCase() === 'GETNAME' ? null : a[0]?.toUpperCase() === 'ID' ? 1 : OK;
      case 'INFO': return '# Server\r\nredis_version:7.0.0\r\nredis_mode:embedded\r\n# Persistence\r\nloading:0\r\n';
      case 'DBSIZE': return [...this.data.keys()].filter((k) => this.get(k)).length;
      case 'DEL': return a.reduce((n, k) => n + this.del(k), 0);
      case 'EXISTS': return a.filter((k) => this.get(k)).length;
      case 'TYPE': return { simple: this.get(a[0]!)?.type ?? 'none' };
      case 'EXPIRE': case 'PEXPIRE': {
        if (!this.get(a[0]!)) return 0;
        this.expires.set(a[0]!, Date.now() + Number(a[1]) * (name === 'EXPIRE' ? 1000 : 1));
        return 1;
      }
      case 'TTL': case 'PTTL': {
        if (!this.get(a[0]!)) return -2;
        const at = this.expires.get(a[0]!);
        if (at === undefined) return -1;
        return name === 'TTL' ? Math.ceil((at - Date.now()) / 1000) : at - Date.now();
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
        if (ex >= 0) this.expires.set(key!, Date.now() + Number(opts[ex + 1]) * 1000);
        if (px >= 0) this.expires.set(key!, Date.now() + Number(opts[px + 1]));
        return OK;
      }
      case 'INCR': case 'INCRBY': {
        const v = this.create(a[0]!, 'string');
        const n = Number(v.value || 0) + (name === 'INCR' ? 1 : Number(a[1]));
        if (!Number.isInteger(n)) throw err('ERR value is not an integer or out of range');
        v.value = String(n);
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
        const h = this.typed(a[0]!, 'hash');
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
          if (nx && z.map.has(a[i + 1]!)) continue;
          if (!z.map.has(a[i + 1]!)) added++;
          z.map.set(a[i + 1]!, Number(a[i]));
        }
        return added;
      }
      case 'ZCARD': return this.typed(a[0]!, 'zset')?.map.size ?? 0;
      case 'ZRANGE': {
        const sorted = this.zsorted(a[0]!);
        const [start, stop] = this.rangeOf(sorted.length, Number(a[1]), Number(a[2]));
        const slice = sorted.slice(start, stop + 1);
        return a.some((x) => x.toUpperCase() === 'WITHSCORES') ? slice.flatMap(([m, s]) => [m, String(s)]) : slice.map(([m]) => m);
      }
      case 'ZREM': {
        const z = this.typed(a[0]!, 'zset');
        return z ? a.slice(1).filter((m) => z.map.delete(m)).length : 0;
      }
      case 'ZREMRANGEBYSCORE': {
        const z = this.typed(a[0]!, 'zset');
        if (!z) return 0;
        const lim = (t: string) => (t === '-inf' ? -Infinity : t === '+inf' || t === 'inf' ? Infinity : Number(t.replace('(', '')));
        const [lo, hi] = [lim(a[1]!), lim(a[2]!)];
        const loEx = a[1]!.startsWith('(');
        const hiEx = a[2]!.startsWith('(');
        let n = 0;
        for (const [m, s] of z.map) if ((loEx ? s > lo : s >= lo) && (hiEx ? s < hi : s <= hi)) n += z.map.delete(m) ? 1 : 0;
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
        const sorted = this.zsorted(a[0]!);
        const [start, stop] = this.rangeOf(sorted.length, Number(a[1]), Number(a[2]));
        const z = this.typed(a[0]!, 'zset');
        let n = 0;
        for (const [m] of sorted.slice(start, stop + 1)) n += z!.map.delete(m) ? 1 : 0;
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
          this.reply(c, ['message', a[0]!, a[1]!]);
          n++;
        }
        return n;
      }
      // scripting: only the scripts this center ships, recognised by what they do
      case 'SCRIPT': return a[0]?.toUpperCase() === 'LOAD' ? this.sha(a[1]!) : OK;
      case 'EVALSHA': {
        const script = this.scripts.get(a[0]!);
        if (!script) throw err('NOSCRIPT No matching script. Please use EVAL.');
        return this.runScript(script, a.slice(1));
      }
      case 'EVAL': {
        this.scripts.set(this.sha(a[0]!), a[0]!);
        return this.runScript(a[0]!, a.slice(1));
      }
      default:
        return this.streamCommand(conn, name, a);
    }
  }

  private readonly scripts = new Map<string, string>();
  private sha(script: string): string {
    const sha = createHash('sha1').update(script).digest('hex');
    this.scripts.set(sha, script);
    return sha;
  }

  private runScript(script: string, rest: string[]): Reply {
    const n = Number(rest[0]);
    const keys = rest.slice(1, 1 + n);
    const argv = rest.slice(1 + n);
    const s = script.replace(/\s+/g, ' ');
    const call = (...args: string[]) => this.exec({ socket: null as unknown as Socket, multi: null, channels: new Set() }, args) as Reply;
    if (s.includes("'XADD', KEYS[1], 'MAXLEN'")) {
      // Dead letters: record once per entry across gateways.
      if (call('ZADD', keys[1]!, 'NX', argv[0]!, argv[1]!) === 1) {
        call('XADD', keys[0]!, 'MAXLEN', '~', argv[2]!, '*', 'source', argv[3]!, 'entry', argv[4]!, 'reason', argv[5]!, 'raw', argv[6]!, 'rawBytes', argv[7] ?? '', 'rawSha256', argv[8] ?? '');
        call('ZREMRANGEBYRANK', keys[1]!, '0', '-200001');
      }
      return 1;
    }
    if (s.includes('incrby') && s.includes('pttl')) {
      // rate-limiter-flexible: set-if-absent with expiry, add points, return [consumed, ttl ms].
      call('SET', keys[0]!, '0', 'EX', argv[1]!, 'NX');
      const consumed = call('INCRBY', keys[0]!, argv[0]!) as number;
      let ttl = call('PTTL', keys[0]!) as number;
      if (ttl === -1) {
        call('EXPIRE', keys[0]!, argv[1]!);
        ttl = 1000 * Number(argv[1]);
      }
      return [consumed, ttl];
    }
    if (s.startsWith('-- alert records: compare-and-set')) {
      // Alert records and silences: compare-and-set on a version, index, open set, audit entry
      // written first (see CAS_SCRIPT in alerts/store.ts).
      const [records, versions, index, open, audit] = keys as [string, string, string, string, string];
      const [id, expected, json, score, openFlag, auditMode] = argv as [string, string, string, string, string, string];
      const current = Number(call('HGET', versions, id) ?? '0');
      if (current !== Number(expected)) return [-1 - current, ''];
      let auditError = '';
      if (argv.length > 6) {
        try {
          call('XADD', audit, '*', ...argv.slice(6));
        } catch (e) {
          // redis.pcall: the error is the script's to decide on, as in Redis.
          auditError = (e as Error).message;
          if (auditMode === 'required') return [0, auditError];
        }
      }
      call('HSET', records, id, json);
      call('HSET', versions, id, String(current + 1));
      if (score !== '') call('ZADD', index, score, id);
      if (openFlag === '1') call('HSET', open, id, '1');
      else if (openFlag === '0') call('HDEL', open, id);
      return [current + 1, auditError];
    }
    if (s.includes('hlen') && s.includes('hsetnx')) return call('HLEN', keys[0]!) === 0 ? call('HSETNX', keys[0]!, argv[0]!, argv[1]!) : 0;
    if (s.includes("redis.call('hget'") && s.includes("redis.call('hset'")) {
      if (call('HGET', keys[0]!, argv[0]!) !== argv[1]) return 0;
      call('HSET', keys[0]!, argv[0]!, argv[2]!);
      return 1;
    }
    throw err('ERR the embedded store cannot run this script; use a real Redis (REDIS_URL)');
  }

  private subscribe(conn: Conn, channels: string[]): Reply | typeof BLOCK {
    for (const c of channels) {
      conn.channels.add(c);
      this.reply(conn, ['subscribe', c, conn.channels.size]);
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
  private streamCommand(conn: Conn, name: string, a: string[]): Reply | typeof BLOCK {
    switch (name) {
      case 'XADD': {
        const key = a[0]!;
        let i = 1;
        let maxLen: number | undefined;
        let minId: StreamId | undefined;
        if (a[i]?.toUpperCase() === 'NOMKSTREAM') i++;
        while (a[i] && ['MAXLEN', 'MINID'].includes(a[i]!.toUpperCase())) {
          const kind = a[i]!.toUpperCase();
          i++;
          if (a[i] === '~' || a[i] === '=') i++;
          if (kind === 'MAXLEN') maxLen = Number(a[i++]);
          else minId = parseId(a[i++]!);
        }
        const s = this.create(key, 'stream');
        const id = nextId(s, a[i++]!, Date.now());
        const entry: StreamEntry = { id, key: idText(id), fields: a.slice(i) };
        s.entries.push(entry);
        s.last = id;
        s.added++;
        trim(s, maxLen, minId);
        return entry.key;
      }
      case 'XLEN': return this.typed(a[0]!, 'stream')?.entries.length ?? 0;
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
        let list = s.entries.slice(from, to);
        if (rev) list = list.reverse();
        return list.slice(0, count).map((e) => [e.key, e.fields]);
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
        return a.slice(2).filter((id) => g.pel.delete(idText(parseId(id)))).length;
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
            const undelivered = s.entries.length - firstAfter(s, g.lastDelivered, false);
            return ['name', n, 'consumers', g.consumers.size, 'pending', g.pel.size, 'last-delivered-id', idText(g.lastDelivered), 'entries-read', g.entriesRead, 'lag', undelivered];
          });
        }
        if (sub === 'STREAM') return ['length', s.entries.length, 'last-generated-id', idText(s.last), 'groups', s.groups.size];
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

  private xreadgroup(conn: Conn, a: string[], retry: boolean): Reply | typeof BLOCK {
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
        const list = s.entries.slice(start, start + count);
        if (list.length === 0) return;
        any = true;
        for (const e of list) g.pel.set(e.key, { consumer, deliveredAt: Date.now(), count: 1 });
        g.lastDelivered = list[list.length - 1]!.id;
        g.entriesRead += list.length;
        out.push([key, list.map((e) => [e.key, e.fields])]);
      } else {
        // This consumer's pending entries after the id; a trimmed one comes back without fields.
        const after = parseId(ids[k]!);
        const mine = [...g.pel].filter(([, p]) => p.consumer === consumer).map(([id]) => parseId(id)).filter((id) => cmp(id, after) > 0).sort(cmp).slice(0, count);
        any = true;
        out.push([key, mine.map((id) => {
          const idx = firstAfter(s, id, true);
          const e = s.entries[idx];
          return e && cmp(e.id, id) === 0 ? [e.key, e.fields] : [idText(id), null];
        })]);
      }
    });
    if (any) return out;
    if (bi < 0) return null;
    if (retry) return BLOCK;
    const ms = Number(a[bi + 1]);
    const waiter: Waiter = { conn, args: a, keys, timer: null };
    if (ms > 0) {
      waiter.timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        this.reply(conn, null);
      }, ms);
    }
    this.waiters.push(waiter);
    return BLOCK;
  }

  /** After every write: serve blocked readers whose streams now have entries. */
  private wake(): void {
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i]!;
      let r: Reply | typeof BLOCK;
      try {
        r = this.xreadgroup(w.conn, w.args, true);
      } catch (e) {
        r = e as RespError;
      }
      if (r === BLOCK) continue;
      this.waiters.splice(i--, 1);
      if (w.timer) clearTimeout(w.timer);
      this.reply(w.conn, r);
    }
  }
}

const READS = new Set(['PING', 'ECHO', 'INFO', 'CLIENT', 'SELECT', 'GET', 'HGET', 'HGETALL', 'HKEYS', 'HVALS', 'HMGET', 'HLEN', 'HEXISTS', 'ZRANGE', 'ZCARD', 'XLEN', 'XRANGE', 'XREVRANGE', 'XINFO', 'XPENDING', 'SCAN', 'KEYS', 'EXISTS', 'TYPE', 'TTL', 'PTTL', 'DBSIZE', 'SUBSCRIBE', 'PUBLISH']);

/** Marks a command whose reply comes later (blocking read, subscription). */
const BLOCK = Symbol('block');
