// One simulated year, generated in memory, against the calibration file, and the calendar shape.
import { beforeAll, describe, expect, it } from 'vitest';
import { type FeedEvent, dayKey, dayKind, parseShanghai, shanghaiParts } from '@torch/shared';
import { SEED_FIGURES, annualTargets, generateRange } from '@torch/simulators';

const YEAR = 2025;
const events: FeedEvent[] = [];

beforeAll(() => {
  for (const e of generateRange({ seed: 7 }, parseShanghai(`${YEAR}-01-01`), parseShanghai(`${YEAR + 1}-01-01`))) events.push(e);
}, 120_000);

function sum(filter: (e: FeedEvent) => number): number {
  return events.reduce((s, e) => s + filter(e), 0);
}

describe('a simulated year meets the calibration (±3%)', () => {
  const targets = annualTargets(YEAR);
  const within = (actual: number, target: number) => expect(Math.abs(actual / target - 1)).toBeLessThan(0.03);

  it('invoiced sales ≈ industrial output + software revenue grown from the 2022 report', () => {
    const sales = sum((e) => (e.kind === 'tax.invoice' ? e.amount : 0));
    within(sales, targets.invoicedSales);
    // and the target itself is the seed's 3626亿 + 300亿 grown by 3.9% / 9% a year
    const expected = SEED_FIGURES.industrialOutput.value * 1.039 ** 3 + SEED_FIGURES.softwareRevenue.value * 1.09 ** 3;
    expect(targets.invoicedSales / expected).toBeCloseTo(1, 6);
  });
  it('Tongxiang High-tech City sales from its 318.6亿元', () => {
    within(sum((e) => (e.kind === 'tax.invoice' && e.parkId === 'tongxiang-city' ? e.amount : 0)), targets.tongxiangSales);
  });
  it('tax receipts', () => within(sum((e) => (e.kind === 'tax.receipt' ? e.amount : 0)), targets.taxReceipts));
  it('exports and imports in USD', () => {
    within(sum((e) => (e.kind === 'customs.declaration' && e.direction === 'export' ? e.valueUsd : 0)), targets.exportsUsd);
    within(sum((e) => (e.kind === 'customs.declaration' && e.direction === 'import' ? e.valueUsd : 0)), targets.importsUsd);
  });
  it('enterprises established and deregistered', () => {
    within(sum((e) => (e.kind === 'registry.established' ? 1 : 0)), targets.established);
    within(sum((e) => (e.kind === 'registry.deregistered' ? 1 : 0)), targets.deregistered);
  });
});

describe('the calendar shapes the feeds', () => {
  const perDay = () => {
    const m = new Map<string, { invoices: number; receipts: number; registry: number }>();
    for (const e of events) {
      const k = dayKey(e.ts);
      const d = m.get(k) ?? { invoices: 0, receipts: 0, registry: 0 };
      if (e.kind === 'tax.invoice') d.invoices++;
      else if (e.kind === 'tax.receipt') d.receipts++;
      else if (e.kind.startsWith('registry')) d.registry++;
      m.set(k, d);
    }
    return m;
  };
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

  it('working days carry clearly more invoices than weekends, and holidays are quiet', () => {
    const days = perDay();
    const by = (kind: string) => mean([...days].filter(([k]) => dayKind(k) === kind).map(([, d]) => d.invoices));
    expect(by('workday')).toBeGreaterThan(3 * by('weekend'));
    expect(by('holiday')).toBeLessThan(0.15 * by('workday'));
    // A make-up Saturday (调休) works like a weekday.
    expect(days.get('2025-09-28')!.invoices).toBeGreaterThan(0.6 * by('workday'));
  });

  it('tax receipts peak in the days before the filing deadline around the 15th', () => {
    const days = perDay();
    const working = [...days].filter(([k]) => dayKind(k) === 'workday' || dayKind(k) === 'makeup-workday');
    const dom = (k: string) => Number(k.slice(8, 10));
    const before = mean(working.filter(([k]) => dom(k) >= 10 && dom(k) <= 15).map(([, d]) => d.receipts));
    const early = mean(working.filter(([k]) => dom(k) <= 5).map(([, d]) => d.receipts));
    const after = mean(working.filter(([k]) => dom(k) >= 20).map(([, d]) => d.receipts));
    expect(before).toBeGreaterThan(2 * early);
    expect(before).toBeGreaterThan(3 * after);
  });

  it('month-end invoicing and working hours', () => {
    const days = perDay();
    const workdays = [...days].filter(([k]) => dayKind(k) === 'workday');
    const last = (k: string) => {
      const p = shanghaiParts(parseShanghai(k));
      return p.day > p.daysInMonth - 3;
    };
    expect(mean(workdays.filter(([k]) => last(k)).map(([, d]) => d.invoices))).toBeGreaterThan(1.5 * mean(workdays.filter(([k]) => !last(k)).map(([, d]) => d.invoices)));
    const hours = new Array(24).fill(0);
    for (const e of events) if (e.kind === 'tax.invoice') hours[shanghaiParts(e.ts).hour]++;
    expect(hours[10]).toBeGreaterThan(10 * hours[3]);
  });

  it('each park invoices mostly in its own industry chains', () => {
    const chains = new Map<string, number>();
    for (const e of events) if (e.kind === 'tax.invoice' && e.parkId === 'software-park-2') chains.set(e.chain, (chains.get(e.chain) ?? 0) + 1);
    const total = [...chains.values()].reduce((a, b) => a + b, 0);
    expect(chains.get('software')! / total).toBeGreaterThan(0.7);
    expect(chains.get('display') ?? 0).toBe(0);
  });

  it('amounts are heavy-tailed: the top 1% of invoices carry a large share', () => {
    const amounts = events.filter((e) => e.kind === 'tax.invoice').map((e) => (e as { amount: number }).amount).sort((a, b) => b - a);
    const top = amounts.slice(0, Math.ceil(amounts.length / 100)).reduce((s, a) => s + a, 0);
    const all = amounts.reduce((s, a) => s + a, 0);
    expect(top / all).toBeGreaterThan(0.08);
    expect(amounts[0]! / amounts[Math.floor(amounts.length / 2)]!).toBeGreaterThan(50);
  });
});
