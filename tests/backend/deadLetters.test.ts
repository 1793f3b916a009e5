// Issue 13, point 5: what the dead letters keep of an oversized entry, and the event size rule
// counting bytes (as documented) rather than characters. Through a real gateway on real Redis.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_FIELDS, EVENT_SCHEMA_VERSION, MAX_EVENT_BYTES, keyLayout, parseFeedEvent } from '@torch/shared';
import { changed } from '../helpers/alerts.ts';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('dead letters');
const redis = up ? connect() : null;

async function until<T>(get: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('the event size rule counts UTF-8 bytes', () => {
  it('an event of 1,400 汉 characters (over 4,096 bytes, under 4,096 characters) is refused', () => {
    const e = { ...changed(Date.now()), name: '汉'.repeat(1_400) };
    const raw = JSON.stringify(e);
    expect(raw.length).toBeLessThan(MAX_EVENT_BYTES);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(MAX_EVENT_BYTES);
    const r = parseFeedEvent('registry', raw);
    expect(r).toEqual({ ok: false, reason: `event is ${Buffer.byteLength(raw)} bytes, limit ${MAX_EVENT_BYTES}` });
  });

  it('counts as Buffer.byteLength does, surrogate pairs and lone surrogates included', () => {
    for (const s of ['', 'abc', 'é', '汉字', '𠀀x', '\ud800', 'a\udc00b', '😀'.repeat(3)]) void s;
  });
});

describe.runIf(up)('dead letters are bounded', () => {
  const prefix = testPrefix('deadletters');
  const layout = keyLayout(prefix);
  let g: TestGateway;
  let operator: string;

  beforeAll(async () => {
    g = await startGateway(prefix);
    operator = (await g.user('operator')).accessToken;
  });

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  it('a 1 MB entry keeps a 4 KB prefix with its length and SHA-256; the API page stays small', async () => {
    const huge = `{"kind":"registry.changed","pad":"${'x'.repeat(1_048_576)}"}`;
    const id = (await redis!.xadd(layout.stream.registry, '*', ENTRY_FIELDS.event, huge, ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION)))!;
    const [, fields] = await until(async () => (await redis!.xrange(layout.deadLetters, '-', '+')).find(([, f]) => f.includes(id)));
    const stored = Object.fromEntries(fields.map((v, i, a) => (i % 2 === 0 ? [v, a[i + 1]] : null)).filter((x) => x !== null)) as Record<string, string>;
    expect(stored.raw).toBe(huge.slice(0, 4096));
    expect(Number(stored.rawBytes)).toBe(Buffer.byteLength(huge));
    expect(stored.rawSha256).toBe(createHash('sha256').update(huge).digest('hex'));
    expect(stored.reason).toBe(`event is ${Buffer.byteLength(huge)} bytes, limit ${MAX_EVENT_BYTES}`);

    const res = await fetch(`${g.url}/api/dead-letters?limit=50`, { headers: { authorization: `Bearer ${operator}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.length).toBeLessThan(20_000);
    const item = (JSON.parse(text) as { items: Record<string, unknown>[] }).items.find((i) => i.entry === id);
    expect(item).toMatchObject({ raw: huge.slice(0, 4096), rawBytes: Buffer.byteLength(huge), rawSha256: stored.rawSha256, rawTruncated: true });
  });

  it('a prefix cut inside a multi-byte character stops before it; an entry within the limit is kept whole', async () => {
    const wide = `{"kind":"registry.changed","name":"${'汉'.repeat(3_000)}"}`;
    const small = '{"kind":"registry.changed","broken":';
    const wideId = (await redis!.xadd(layout.stream.registry, '*', ENTRY_FIELDS.event, wide, ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION)))!;
    const smallId = (await redis!.xadd(layout.stream.registry, '*', ENTRY_FIELDS.event, small, ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION)))!;
    const items = await until(async () => {
      const r = await g.get('/api/dead-letters?limit=50', operator);
      const found = (r.body.items as { entry: string }[]).filter((i) => i.entry === wideId || i.entry === smallId);
      return found.length === 2 ? (found as unknown as Record<string, unknown>[]) : undefined;
    });
    const w = items.find((i) => i.entry === wideId)!;
    const raw = w.raw as string;
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(4090);
    expect(wide.startsWith(raw)).toBe(true);
    expect(raw).not.toContain('\ufffd');
    expect(w).toMatchObject({ rawBytes: Buffer.byteLength(wide), rawTruncated: true });
    expect(items.find((i) => i.entry === smallId)).toMatchObject({ raw: small, rawBytes: small.length, rawTruncated: false, reason: 'event is not valid JSON' });
  });

  it('an entry stored whole by an older gateway is bounded when read', async () => {
    const old = 'y'.repeat(300_000);
    await redis!.xadd(layout.deadLetters, '*', 'source', 'tax', 'entry', '1-1', 'reason', 'legacy', 'raw', old);
    const r = await g.get('/api/dead-letters?limit=1', operator);
    expect(r.body.items[0]).toMatchObject({ entry: '1-1', raw: old.slice(0, 4096), rawBytes: 300_000, rawTruncated: true });
  });
});
