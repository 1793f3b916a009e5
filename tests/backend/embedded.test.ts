// The embedded store's own behaviour beyond the shared contract suite: its append-only log (data
// kept across a restart, replayed to the same state, compacted while writes go on, a torn last
// record dropped with a log line), the migration of the old JSON snapshot, and a clear error for
// what it does not implement.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EmbeddedStore } from '../../backend/src/launcher/index.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'torch-embedded-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Logged {
  level: string;
  message: string;
}

async function open(dir: string, extra: Partial<ConstructorParameters<typeof EmbeddedStore>[0]> = {}) {
  const logged: Logged[] = [];
  const store = new EmbeddedStore({ dir, log: (level, message) => logged.push({ level, message }), ...extra });
  const r = new Redis(await store.start(), { maxRetriesPerRequest: 1 });
  return {
    store, r, logged,
    async close() {
      r.disconnect();
      await store.stop();
    },
  };
}

/** Everything a client can see of the test keys, for comparing two states. */
async function dump(r: Redis) {
  return {
    s: await r.xrange('s', '-', '+'),
    groups: await r.xinfo('GROUPS', 's'),
    pending: await r.xpending('s', 'g', '-', '+', 100),
    h: await r.hgetall('h'),
    z: await r.zrange('z', '0', '-1', 'WITHSCORES'),
    n: await r.get('n'),
    ttl: (await r.pttl('n')) > 0,
    gone: await r.exists('gone'),
  };
}

describe('embedded store: append-only log', () => {
  it('replays its log to the same streams, groups, pending entries, hashes, sorted sets, counters and expiry', async () => {
    const dir = tempDir();
    const a = await open(dir);
    await a.r.xadd('s', '*', 'e', 'one', 'name', '厦门');
    await a.r.xgroup('CREATE', 's', 'g', '0');
    await a.r.xadd('s', '*', 'e', 'two');
    await a.r.xreadgroup('GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', 's', '>');
    await a.r.xadd('s', '*', 'e', 'three');
    await a.r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', 's', '>');
    await a.r.xack('s', 'g', (await a.r.xrange('s', '-', '+'))[0]![0]);
    await a.r.multi().hset('h', 'k', 'v', 'k2', '值').zadd('z', 2, 'm', 1, 'n').incrby('n', 5).expire('n', 600).exec();
    await a.r.set('gone', 'x', 'PX', 1);
    const before = await dump(a.r);
    await a.close();

    const b = await open(dir);
    const after = await dump(b.r);
    expect(after).toEqual({ ...before, gone: 0 });
    expect(after.s).toHaveLength(3);
    expect(after.s[0]![1]).toEqual(['e', 'one', 'name', '厦门']);
    expect(after.h).toEqual({ k: 'v', k2: '值' });
    // A blocked reader served after a restart continues where the group left off.
    const next = b.r.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 2000, 'STREAMS', 's', '>');
    const other = new Redis(b.store.url);
    const id = await other.xadd('s', '*', 'e', 'four');
    expect(((await next) as [string, [string, string[]][]][])[0]![1][0]![0]).toBe(id);
    other.disconnect();
    await b.close();

    // And that served read was logged too: a third start has it pending.
    const c = await open(dir);
    expect(((await c.r.xpending('s', 'g')) as unknown[])[0]).toBe(3);
    await c.close();
  });

  it('keeps what was acknowledged when the process dies without stopping (the log is written as it goes)', async () => {
    const dir = tempDir();
    const a = await open(dir);
    for (let i = 0; i < 50; i++) await a.r.xadd('s', '*', 'i', String(i));
    // No stop(): the log file already holds every acknowledged entry a moment later.
    await new Promise((r) => setTimeout(r, 50));
    a.r.disconnect();
    const b = await open(dir);
    expect(await b.r.xlen('s')).toBe(50);
    await b.close();
    await a.store.stop();
  });

  it('drops a torn last record with a log line, keeps every whole record before it, and appends after it', async () => {
    const dir = tempDir();
    const a = await open(dir);
    await a.r.hset('h', 'first', '1');
    await new Promise((r) => setTimeout(r, 20)); // its own record
    await a.r.hset('h', 'second', '2');
    await a.close();
    const log = join(dir, readdirSync(dir).find((f) => f.startsWith('incr-'))!);
    const whole = statSync(log).size;
    // The last record cut short, as a crash in the middle of its write leaves it.
    truncateSync(log, whole - 5);

    const b = await open(dir);
    expect(await b.r.hgetall('h')).toEqual({ first: '1' });
    const line = b.logged.find((l) => /torn last record/.test(l.message));
    expect(line?.level).toBe('warn');
    expect(line?.message).toMatch(/incr-\d+\.log/);
    await b.r.hset('h', 'third', '3');
    await b.close();

    // A wrong checksum is torn too; the record written after the cut is whole and read back.
    appendFileSync(log, Buffer.from([8, 0, 0, 0, 1, 2, 3, 4, 0x2a, 0x31, 0x0d, 0x0a, 0, 0, 0, 0]));
    const c = await open(dir);
    expect(await c.r.hgetall('h')).toEqual({ first: '1', third: '3' });
    expect(c.logged.some((l) => /torn last record \(16 bytes/.test(l.message))).toBe(true);
    await c.close();
  });

  it('compacts into a new base while writes go on, and loads base + new log to the same data', async () => {
    const dir = tempDir();
    // Tiny slices, so the compaction spans many turns of the loop while the writes below land.
    const a = await open(dir, { sliceBytes: 2048 });
    const pipe = a.r.pipeline();
    for (let i = 0; i < 3000; i++) pipe.xadd('s', '*', 'e', `entry ${i} ${'x'.repeat(40)}`);
    for (let i = 0; i < 500; i++) pipe.zadd('z', i, `m${i}`);
    await pipe.exec();
    await a.r.xgroup('CREATE', 's', 'g', '0');
    await a.r.xreadgroup('GROUP', 'g', 'c', 'COUNT', 10, 'STREAMS', 's', '>');
    const compaction = a.store.compact();
    // During the compaction: the zset it is writing out changes, the stream grows and is trimmed.
    await a.r.zrem('z', 'm0', 'm1');
    await a.r.zadd('z', 1000, 'late');
    await a.r.xadd('s', 'MAXLEN', '2990', '*', 'e', 'late');
    await a.r.set('during', 'yes');
    await compaction;
    await a.r.hset('h', 'after', '1');
    const before = { s: await a.r.xrange('s', '-', '+'), z: await a.r.zrange('z', '0', '-1', 'WITHSCORES'), p: await a.r.xpending('s', 'g'), d: await a.r.get('during'), h: await a.r.hgetall('h') };
    await a.close();

    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.startsWith('base-'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('incr-'))).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ base: expect.stringMatching(/^base-/), incr: [expect.stringMatching(/^incr-/)] });
    expect(a.logged.some((l) => /compacted the log/.test(l.message))).toBe(true);

    const b = await open(dir);
    const after = { s: await b.r.xrange('s', '-', '+'), z: await b.r.zrange('z', '0', '-1', 'WITHSCORES'), p: await b.r.xpending('s', 'g'), d: await b.r.get('during'), h: await b.r.hgetall('h') };
    expect(after).toEqual(before);
    expect(after.s).toHaveLength(2990);
    expect(after.z).toContain('late');
    expect(after.z).not.toContain('m0');
    await b.close();
  });

  it('compacts by itself once the log outgrows the threshold', async () => {
    const dir = tempDir();
    const a = await open(dir, { rewriteMinBytes: 64 << 10 });
    const pipe = a.r.pipeline();
    for (let i = 0; i < 2000; i++) pipe.xadd('s', '*', 'e', 'y'.repeat(100));
    await pipe.exec();
    await a.close();
    expect(a.store.info.compactions).toBeGreaterThanOrEqual(1);
    const b = await open(dir);
    expect(await b.r.xlen('s')).toBe(2000);
    await b.close();
  });

  it('migrates a snapshot of the earlier format once, and keeps the old file renamed', async () => {
    const dir = tempDir();
    const legacy = join(dir, 'embedded-store.json');
    writeFileSync(legacy, [
      JSON.stringify({ expires: [] }),
      JSON.stringify(['h', 'h', [['k', '火炬']]]),
      JSON.stringify(['z', 'z', [['m', 2]]]),
      JSON.stringify(['s', 'x', { l: '5-1', a: 2, g: [['g', '5-0', 1, [['5-0', { consumer: 'c', deliveredAt: 1, count: 1 }]], ['c']]] }]),
      JSON.stringify(['s', 'e', [['5-0', ['e', 'one']], ['5-1', ['e', '二']]]]),
    ].join('\n') + '\n');
    const a = await open(join(dir, 'embedded'), { legacyFile: legacy });
    expect(await a.r.hget('h', 'k')).toBe('火炬');
    expect(await a.r.xrange('s', '-', '+')).toEqual([['5-0', ['e', 'one']], ['5-1', ['e', '二']]]);
    expect(((await a.r.xpending('s', 'g')) as unknown[])[0]).toBe(1);
    await a.close();
    expect(existsSync(legacy)).toBe(false);
    expect(existsSync(`${legacy}.migrated`)).toBe(true);
    const b = await open(join(dir, 'embedded'), { legacyFile: legacy });
    expect(await b.r.zrange('z', '0', '-1', 'WITHSCORES')).toEqual(['m', '2']);
    await b.close();
  });

  it('refuses a command it does not implement with a clear error', async () => {
    const a = await open(tempDir());
    await a.r.hset('h', 'k', 'v');
    await expect(a.r.call('OBJECT', 'ENCODING', 'h')).rejects.toThrow(/embedded store implements what this center uses/);
    await a.close();
  });
});
