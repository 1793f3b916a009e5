import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES, keyLayout, parseFeedEvent } from '@torch/shared';

const invoice = {
  id: 'inv-1-abc-0', ts: Date.UTC(2026, 10, 27, 2), kind: 'tax.invoice', parkId: 'torch-park',
  uscc: '91350200MA2Y3K4P2Q', name: '厦门鹭芯电子有限公司', amount: 125_000, chain: 'computer-comm',
};

describe('parseFeedEvent', () => {
  it('accepts a valid event from its own stream', () => {
    const r = parseFeedEvent('tax', JSON.stringify(invoice));
    expect(r.ok && r.event.kind).toBe('tax.invoice');
  });
  it.each([
    ['bad JSON', 'tax', '{"id":', /not valid JSON/],
    ['missing field', 'tax', JSON.stringify({ ...invoice, amount: undefined }), /^amount:/],
    ['wrong type', 'tax', JSON.stringify({ ...invoice, ts: '2026-11-27' }), /^ts:/],
    ['invalid USCC', 'tax', JSON.stringify({ ...invoice, uscc: '91350200MA2Y3K4P2R' }), /^uscc: check character/],
    ['unknown park', 'tax', JSON.stringify({ ...invoice, parkId: 'moon-base' }), /^parkId:/],
    ['unknown kind', 'tax', JSON.stringify({ ...invoice, kind: 'tax.refund' }), /^kind:/],
    ['wrong stream', 'customs', JSON.stringify(invoice), /does not belong to the customs stream/],
    ['oversized', 'tax', JSON.stringify({ ...invoice, name: 'x'.repeat(MAX_EVENT_BYTES) }), /bytes, limit/],
    ['no event field', 'tax', undefined, /no event field/],
    ['negative amount', 'tax', JSON.stringify({ ...invoice, amount: -5 }), /^amount:/],
    ['fractional yuan', 'tax', JSON.stringify({ ...invoice, amount: 1.5 }), /^amount:/],
  ] as const)('refuses %s with a reason naming it', (_name, source, raw, reason) => {
    const r = parseFeedEvent(source, raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('keyLayout', () => {
  it('puts every key under the prefix and refuses unsafe prefixes', () => {
    const k = keyLayout('test:abc:');
    for (const key of [...Object.values(k.stream), k.deadLetters, k.backfillMarks]) expect(key.startsWith('test:abc:')).toBe(true);
    expect(() => keyLayout('bad prefix*')).toThrow();
  });
});
