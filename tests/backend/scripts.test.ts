// One source for every script (issue 14, point 5): each of the center's scripts runs as Lua on a
// real Redis and as its TypeScript twin on the embedded store, both called by name through the
// same ioredis code. fast-check draws the same random starting data and arguments for both; every
// result and every key the script touches must come out the same. The embedded store runs no
// other script: rate-limiter-flexible's, for one, is refused (the gateway counts in memory there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { EmbeddedStore } from '../../backend/src/launcher/index.ts';
import { SCRIPTS, defineScripts, runScript } from '../../backend/src/scripts/index.ts';
import { REDIS_URL, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { createLoginLimiter } from '../../backend/src/auth/limiter.ts';

const available = await requireRedis('scripts: Lua on Redis against the embedded twins');

describe.skipIf(!available)('the center\'s scripts: Lua on Redis and the TypeScript twin on the embedded store agree', () => {
  let redis: Redis;
  let embedded: Redis;
  let store: EmbeddedStore;
  const prefix = testPrefix('scripts');
  let run = 0;

  beforeAll(async () => {
    // The real Redis even in the "embedded" project: the comparison needs both.
    redis = new Redis(process.env.TORCH_STORE === 'embedded' ? (process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379') : REDIS_URL);
    store = new EmbeddedStore();
    embedded = new Redis(await store.start());
    defineScripts(redis);
    defineScripts(embedded);
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
    embedded.disconnect();
    await store.stop();
  });

  /** Run `body` on both stores with fresh keys; returns what each gave. */
  async function both<T>(body: (r: Redis, k: (name: string) => string) => Promise<T>): Promise<[T, T]> {
    const p = `${prefix}${run++}:`;
    const k = (name: string) => `${p}${name}`;
    const out = await Promise.all([body(redis, k), body(embedded, k)]);
    await deletePrefix(redis, p);
    return out;
  }

  const settle = (p: Promise<unknown>) => p.then((v) => ({ v }), (e: Error) => ({ e: e.message }));
  const fields = (entries: [string, string[]][]) => entries.map(([, f]) => f);
  const word = fc.constantFrom('a', 'b', 'c', '火炬', '');

  it('hashCas', async () => {
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom('u1', 'u2'), word), fc.constantFrom('u1', 'u2', 'u3'), word, word, async (start, field, expected, next) => {
      const [a, b] = await both(async (r, k) => {
        if (Object.keys(start).length) await r.hset(k('h'), start);
        const result = await settle(runScript(r, 'hashCas', [k('h')], [field, expected, next]));
        return { result, after: await r.hgetall(k('h')) };
      });
      expect(b).toEqual(a);
    }), { numRuns: 40 });
  });

  it('createFirstUser', async () => {
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom('admin', 'ops'), word), fc.constantFrom('admin', 'ops'), word, async (start, name, json) => {
      const [a, b] = await both(async (r, k) => {
        if (Object.keys(start).length) await r.hset(k('u'), start);
        const result = await settle(runScript(r, 'createFirstUser', [k('u')], [name, json]));
        return { result, after: await r.hgetall(k('u')) };
      });
      expect(b).toEqual(a);
    }), { numRuns: 30 });
  });

  it('deadLetter, several calls in a row (once per entry, stream capped)', async () => {
    const call = fc.record({ member: fc.constantFrom('tax:1-0', 'tax:2-0', 'customs:1-0'), score: fc.integer({ min: 0, max: 5 }), reason: word, raw: word });
    await fc.assert(fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 8 }), async (calls) => {
      const [a, b] = await both(async (r, k) => {
        const results = [];
        for (const c of calls) results.push(await settle(runScript(r, 'deadLetter', [k('dead'), k('seen')], [c.score, c.member, 100, c.member.split(':')[0]!, c.member.split(':')[1]!, c.reason, c.raw, String(c.raw.length), 'sha-of-raw'])));
        return { results, seen: await r.zrange(k('seen'), '0', '-1', 'WITHSCORES'), dead: fields(await r.xrange(k('dead'), '-', '+')) };
      });
      expect(b).toEqual(a);
    }), { numRuns: 30 });
  });

  it('alertCas: versions, conflicts, index, open set, audit entry required or kept, and a failing audit write', async () => {
    const input = fc.record({
      version: fc.integer({ min: 0, max: 2 }),
      expected: fc.integer({ min: 0, max: 3 }),
      json: word,
      score: fc.constantFrom('', '5', '17'),
      open: fc.constantFrom('', '0', '1'),
      mode: fc.constantFrom('required', 'kept'),
      audit: fc.constantFrom<string[]>([], ['action', 'ack'], ['action', 'ack', 'by', '值班员']),
      auditBroken: fc.boolean(),
      wasOpen: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(input, async (i) => {
      const [a, b] = await both(async (r, k) => {
        if (i.version > 0) await r.hset(k('versions'), 'al-1', String(i.version));
        if (i.wasOpen) await r.hset(k('open'), 'al-1', '1');
        if (i.auditBroken) await r.set(k('audit'), 'not a stream'); // XADD fails: WRONGTYPE
        const keys = ['records', 'versions', 'index', 'open', 'audit'].map(k);
        const result = await settle(runScript(r, 'alertCas', keys, ['al-1', i.expected, i.json, i.score, i.open, i.mode, ...i.audit]));
        return {
          result,
          records: await r.hgetall(k('records')), versions: await r.hgetall(k('versions')), open: await r.hgetall(k('open')),
          index: await r.zrange(k('index'), '0', '-1', 'WITHSCORES'),
          audit: i.auditBroken ? await r.get(k('audit')) : fields(await r.xrange(k('audit'), '-', '+')),
        };
      });
      expect(b).toEqual(a);
    }), { numRuns: 60 });
  });

  it('dispatchCas: versions, conflicts, alerts already in an open case, unit moves, audit entry and a failing audit write', async () => {
    const input = fc.record({
      version: fc.integer({ min: 0, max: 2 }),
      expected: fc.integer({ min: 0, max: 3 }),
      json: word,
      open: fc.constantFrom('0', '1'),
      move: fc.boolean(),
      alerts: fc.subarray(['al-1', 'al-2']),
      linkedTo: fc.constantFrom<string | null>(null, 'C-1', 'C-9'),
      openCases: fc.subarray(['C-1', 'C-9']),
      audit: fc.constantFrom<string[]>([], ['action', 'case-dispatched', 'by', '王主任']),
      auditBroken: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(input, async (i) => {
      const [a, b] = await both(async (r, k) => {
        if (i.version > 0) await r.hset(k('versions'), 'C-1', String(i.version));
        if (i.linkedTo) await r.hset(k('alert-case'), 'al-1', i.linkedTo);
        for (const c of i.openCases) await r.hset(k('open-all'), c, '1');
        await r.hset(k('open:u1'), 'C-1', '1');
        if (i.auditBroken) await r.set(k('audit'), 'not a stream');
        const keys = [k('cases'), k('versions'), k('index'), k('open:u1'), k(i.move ? 'open:u2' : 'open:u1'), k('alert-case'), k('audit'), k('open-all')];
        const result = await settle(runScript(r, 'dispatchCas', keys, ['C-1', i.expected, i.json, 42, i.open, i.alerts.length, ...i.alerts, ...i.audit]));
        return {
          result,
          cases: await r.hgetall(k('cases')), versions: await r.hgetall(k('versions')), index: await r.zrange(k('index'), '0', '-1', 'WITHSCORES'),
          u1: await r.hgetall(k('open:u1')), u2: await r.hgetall(k('open:u2')), all: await r.hgetall(k('open-all')), links: await r.hgetall(k('alert-case')),
          audit: i.auditBroken ? await r.get(k('audit')) : fields(await r.xrange(k('audit'), '-', '+')),
        };
      });
      expect(b).toEqual(a);
    }), { numRuns: 60 });
  });

  it('covers every script in the registry', () => {
    expect(Object.keys(SCRIPTS).sort()).toEqual(['alertCas', 'createFirstUser', 'deadLetter', 'dispatchCas', 'hashCas']);
  });

  it('runs no other script: rate-limiter-flexible\'s is refused, and login throttling counts in memory on the embedded store', async () => {
    const lua = `local ok = redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX') local consumed = redis.call('incrby', KEYS[1], ARGV[1]) local ttl = redis.call('pttl', KEYS[1]) return {consumed, ttl}`;
    await expect(embedded.eval(lua, 1, 'k', 1, 60)).rejects.toThrow(/only the center's own scripts/);
    const limiter = createLoginLimiter(embedded, prefix, { perUserIp: 2, perIp: 30, durationSeconds: 60 }, true);
    expect(await limiter.consume('admin', '10.0.0.1')).toEqual({ ok: true });
    expect(await limiter.consume('admin', '10.0.0.1')).toEqual({ ok: true });
    expect(await limiter.consume('admin', '10.0.0.1')).toMatchObject({ ok: false });
  });
});
