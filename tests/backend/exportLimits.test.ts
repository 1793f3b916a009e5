// Issue 13, point 4: exports are limited per gateway and per person. An export that the client
// does not read holds its slot (the gateway waits on backpressure); the next one over a limit is
// answered 429 BUSY at once; a client that goes away frees its slot. Real gateway, real Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_FIELDS, EVENT_SCHEMA_VERSION, keyLayout } from '@torch/shared';
import { declaration } from '../helpers/alerts.ts';
import { type TestGateway, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('export limits');
const redis = up ? connect() : null;

describe.runIf(up)('export limits', () => {
  const prefix = testPrefix('exports');
  const layout = keyLayout(prefix);
  let g: TestGateway;
  const ops: string[] = [];
  let from = 0;
  let to = 0;

  beforeAll(async () => {
    // 40,000 entries (~15 MB of NDJSON): more than socket buffers hold, so an unread export stays open.
    from = Date.now() - 3_600_000;
    for (let batch = 0; batch < 4; batch++) {
      const m = redis!.multi();
      for (let i = 0; i < 10_000; i++) {
        const t = from + (batch * 10_000 + i) * 50;
        m.xadd(layout.stream.customs, `${t}-0`, ENTRY_FIELDS.event, JSON.stringify(declaration(t, 1000 + i)), ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION));
      }
      await m.exec();
    }
    for (const s of ['tax', 'registry'] as const) await redis!.xadd(layout.stream[s], `${from}-${1}`, ENTRY_FIELDS.event, JSON.stringify(declaration(from, 1)), ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION));
    to = from + 40_000 * 50;
    g = await startGateway(prefix, { env: { EXPORTS_MAX_CONCURRENT: '2', EXPORTS_PER_USER: '1' } });
    for (let i = 0; i < 3; i++) ops.push((await g.user('operator')).accessToken);
  }, 120_000);

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  const exportAs = (token: string) => fetch(`${g.url}/api/replay/export?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } });

  it('one export per person and two per gateway at a time; the next gets 429 BUSY; leaving frees the slot', async () => {
    const first = await exportAs(ops[0]!);
    expect(first.status).toBe(200);
    // The same person again, while the first is open (unread).
    const again = await exportAs(ops[0]!);
    expect(again.status).toBe(429);
    expect(await again.json()).toMatchObject({ ok: false, error: { code: 'BUSY', message: 'at most 1 export at a time per person; wait for yours to finish' } });
    const second = await exportAs(ops[1]!);
    expect(second.status).toBe(200);
    const third = await exportAs(ops[2]!);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ error: { code: 'BUSY', message: 'at most 2 exports at a time on this gateway; try again when one has finished' } });

    // The first client reads a little, then goes away: its slot is free again.
    const reader = first.body!.getReader();
    expect((await reader.read()).value!.byteLength).toBeGreaterThan(0);
    await reader.cancel();
    let retry = await exportAs(ops[2]!);
    for (let i = 0; i < 50 && retry.status === 429; i++) {
      await new Promise((r) => setTimeout(r, 100));
      retry = await exportAs(ops[2]!);
    }
    expect(retry.status).toBe(200);

    // An export read to its end frees its slot too: all 40,000 lines arrive.
    const text = await second.text();
    expect(text.split('\n').filter(Boolean).length).toBe(40_002);
    let after = await exportAs(ops[1]!);
    for (let i = 0; i < 50 && after.status === 429; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await exportAs(ops[1]!);
    }
    expect(after.status).toBe(200);
    await Promise.all([retry.body?.cancel(), after.body?.cancel()]);
  });
});
