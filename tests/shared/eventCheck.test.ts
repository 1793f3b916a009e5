// The hand-written event check (the gateway's fast path) against the zod schema it stands in for:
// over generated valid events and mutations of them, it accepts exactly what zod accepts and gives
// the same value (same keys, same order). Inputs go through JSON, as stream entries do.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAIN_IDS, COUNTRY_CODES, FeedEventSchema, PARK_IDS, PORTS, REGISTRY_CHANGES, TAX_TYPES, TRADE_MODES, checkFeedEvent, makeUscc, parseFeedEvent } from '@torch/shared';

const MIN_TS = Date.UTC(2000, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);
const idChars = 'abcXYZ019._:-';

const uscc = fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 8, maxLength: 8 }).map((r) => {
  let i = 0;
  return makeUscc(() => r[i++ % 8]!, '350203');
});
const base = {
  id: fc.string({ unit: fc.constantFrom(...idChars), minLength: 1, maxLength: 80 }),
  ts: fc.oneof(fc.constantFrom(MIN_TS, MAX_TS), fc.integer({ min: MIN_TS, max: MAX_TS })),
  parkId: fc.constantFrom(...PARK_IDS),
  uscc,
  name: fc.string({ minLength: 1, maxLength: 100 }),
};
// Edges often: a nudge off an edge is where a wrong bound shows.
const money = (min: number) => fc.oneof(fc.integer({ min, max: 1e6 }), fc.constantFrom(min, 1e13), fc.constantFrom(min, 1e13));
const chain = fc.constantFrom(...CHAIN_IDS);
const registry = { ...base, chain, industryCode: fc.stringMatching(/^[A-T]\d{2}$/), capital: money(0), foreign: fc.boolean() };

const validEvent = fc.tuple(
  fc.oneof(
    fc.record({ ...base, kind: fc.constant('tax.invoice'), amount: money(1), chain }),
    fc.record({ ...base, kind: fc.constant('tax.receipt'), taxType: fc.constantFrom(...TAX_TYPES), amount: money(1) }),
    fc.record({
      ...base, kind: fc.constant('customs.declaration'), direction: fc.constantFrom('import', 'export'), valueUsd: money(1),
      hsChapter: fc.integer({ min: 1, max: 97 }).map((n) => String(n).padStart(2, '0')), partner: fc.constantFrom(...COUNTRY_CODES),
      tradeMode: fc.constantFrom(...TRADE_MODES), port: fc.constantFrom(...PORTS),
    }),
    fc.record({ ...registry, kind: fc.constantFrom('registry.established', 'registry.deregistered') }),
    fc.record({ ...registry, kind: fc.constant('registry.changed'), change: fc.constantFrom(...REGISTRY_CHANGES), capitalDelta: fc.oneof(fc.constantFrom(-1e13, 1e13), fc.integer({ min: -1e13, max: 1e13 })) }, { requiredKeys: ['id', 'ts', 'parkId', 'uscc', 'name', 'chain', 'industryCode', 'capital', 'foreign', 'kind', 'change'] }),
  ),
  fc.boolean(),
).map(([e, rehearsal]) => (rehearsal ? { ...e, rehearsal: true } : e) as Record<string, unknown>);

/** Values of the wrong type, or on the edge of some field's rule. */
const oddValue = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, 0, -1, 1, 1.5, 1e13, 1e13 + 1, -1e13, -1e13 - 1, 2 ** 53, MIN_TS - 1, MAX_TS + 1, '', 'x'.repeat(81), 'x'.repeat(101),
    '00', '01', '97', '98', '1', 'A00', 'T99', 'U10', 'a01', 'C1', 'C100', 'import', 'export', 'torch-park', 'moon-base',
    '91350200MA2Y3K4P2Q', '91350200MA2Y3K4P2R', '91350200ma2y3k4p2q', 'display', 'vat', 'capital', 'general', 'land-rail', 'ZZ',
    'tax.invoice', 'tax.receipt', 'customs.declaration', 'registry.established', 'registry.deregistered', 'registry.changed', 'tax.refund',
    [], {}, ['a'],
  ),
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 6 }),
);
/** A small change to a value already there: off by one, a fraction, a stray character, a length past the limit. */
const nudge = fc.oneof(
  fc.constantFrom(-1, 1, 0.5, -2e13).map((d) => (v: unknown) => (typeof v === 'number' ? v + d : v)),
  fc.constantFrom(' ', ';', '/', '@', '[', '`', '{', 'é', '\u0000', '0').map((c) => (v: unknown) => (typeof v === 'string' ? v + c : v)),
  fc.constantFrom(
    (v: unknown) => (typeof v === 'string' ? v.slice(0, -1) : v),
    (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v),
    (v: unknown) => (typeof v === 'string' ? v.padEnd(81, 'x') : v),
    (v: unknown) => (typeof v === 'string' ? v.padEnd(101, 'x') : v),
    (v: unknown) => (typeof v === 'number' ? -v : v),
    (v: unknown) => String(v),
  ),
);
const EXTRA_KEYS = ['rehearsal', 'capitalDelta', 'change', 'kind', 'extra', 'amount'];
const mutation = fc.record({ key: fc.nat(), op: fc.oneof({ arbitrary: fc.constant('delete' as const), weight: 1 }, { arbitrary: oddValue.map((value) => ({ value })), weight: 2 }, { arbitrary: nudge, weight: 4 }) });
const mutatedEvent = fc.tuple(validEvent, fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([e, ms]) => {
  const out: Record<string, unknown> = { ...e };
  for (const { key: k, op } of ms) {
    const keys = [...Object.keys(out), ...EXTRA_KEYS];
    const key = keys[k % keys.length]!;
    if (op === 'delete') delete out[key];
    else if (typeof op === 'function') out[key] = op(out[key]);
    else out[key] = op.value;
  }
  return out;
});

function agree(input: unknown): boolean {
  const json: unknown = JSON.parse(JSON.stringify(input));
  const fast = checkFeedEvent(json);
  const zod = FeedEventSchema.safeParse(json);
  expect(fast !== null).toBe(zod.success);
  if (fast) {
    expect(fast).toStrictEqual(zod.data);
    expect(Object.keys(fast)).toEqual(Object.keys(zod.data!));
  }
  return zod.success;
}

describe('checkFeedEvent, the fast path of event validation', () => {
  it('accepts every valid event, with the value zod gives', () => {
    fc.assert(fc.property(validEvent, (e) => {
      expect(agree(e)).toBe(true);
    }), { numRuns: 2000 });
  });

  it('accepts exactly what zod accepts among mutated events', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(fc.property(mutatedEvent, (e) => void (agree(e) ? accepted++ : refused++)), { numRuns: 20_000 });
    // Both sides of the line were exercised: mutations that keep an event valid, and ones that break it.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  });

  it('agrees on -0 (only JSON text can carry it) and on keys present as undefined', () => {
    const raw = '{"id":"a","ts":1780000000000,"parkId":"torch-park","uscc":"91350200MA2Y3K4P2Q","name":"n","kind":"registry.established","chain":"ic","industryCode":"C39","capital":-0,"foreign":false}';
    const fast = checkFeedEvent(JSON.parse(raw));
    expect(fast).toStrictEqual(FeedEventSchema.parse(JSON.parse(raw)));
    expect(Object.is((fast as { capital: number }).capital, -0)).toBe(true);
    expect(checkFeedEvent({ ...JSON.parse(raw), rehearsal: undefined })).toBeNull();
  });

  it('leaves the reason to zod: a refused event is worded as before', () => {
    const r = parseFeedEvent('tax', JSON.stringify({ id: 'a', ts: 1780000000000, parkId: 'torch-park', uscc: '91350200MA2Y3K4P2Q', name: 'n', kind: 'tax.invoice', amount: 0, chain: 'ic' }));
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^amount: /) as unknown });
  });
});
