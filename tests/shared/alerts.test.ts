// The alert engine: for every rule kind a crafted sequence fires it and a second resolves it; the
// for-duration, dedup, re-fire, working-hours calendar, epoch and checkpoints. The log is fed the
// way the gateway and replay feed it (processEntry), with arrival times set by the test.
import { describe, expect, it } from 'vitest';
import {
  type AlertTransition, type DecodedEntry, type FeedEvent, type Pipeline, type Rule, type RuleSet, type Source,
  createEngine, createState, parseRuleSet, parseShanghai, processEntry, restoreEngine, serializeEngine, sourceOfKind,
} from '@torch/shared';

const T = (s: string) => parseShanghai(s);
const MIN = 60_000;
const DAY = 86_400_000;
const firm = { uscc: '91350200MA2Y3K4P2Q', name: '厦门测试电子有限公司' };
let n = 0;
const id = () => `e${++n}`;

const invoice = (ts: number, amount: number, parkId = 'torch-park'): FeedEvent => ({ ...firm, id: id(), ts, parkId, kind: 'tax.invoice', amount, chain: 'computer-comm' }) as FeedEvent;
const receipt = (ts: number, amount: number, parkId = 'torch-park'): FeedEvent => ({ ...firm, id: id(), ts, parkId, kind: 'tax.receipt', amount, taxType: 'vat' }) as FeedEvent;
const registry = (kind: string, ts: number, parkId = 'torch-park'): FeedEvent =>
  ({ ...firm, id: id(), ts, parkId, kind, chain: 'computer-comm', industryCode: 'C39', capital: 1_000_000, foreign: false, ...(kind === 'registry.changed' ? { change: 'other' } : {}) }) as FeedEvent;
const declaration = (ts: number, valueUsd: number): FeedEvent =>
  ({ ...firm, id: id(), ts, parkId: 'hubian-park', kind: 'customs.declaration', direction: 'export', valueUsd, hsChapter: '85', partner: 'US', tradeMode: 'general', port: 'xiamen-seaport' }) as FeedEvent;

function rules(...raw: unknown[]): RuleSet {
  const r = parseRuleSet({ version: 1, rules: raw });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.ruleSet;
}

/** A log being played: entries in arrival order; collects every transition. */
class Log {
  p: Pipeline;
  out: AlertTransition[] = [];
  constructor(ruleSet: RuleSet, epoch = 0) {
    this.p = { metrics: createState(), engine: createEngine(epoch), rules: ruleSet };
  }
  feed(e: FeedEvent, arrival = e.ts): this {
    this.out.push(...processEntry(this.p, sourceOfKind(e.kind), { ok: true, event: e, arrival }).transitions);
    return this;
  }
  reject(source: Source, arrival: number): this {
    const bad: DecodedEntry = { ok: false, reason: 'test', arrival, raw: '{' };
    this.out.push(...processEntry(this.p, source, bad).transitions);
    return this;
  }
  /** Registry "changed" entries once a minute over [from, to): a clock that moves no rule's metric. */
  beat(from: number, to: number): this {
    for (let t = from; t < to; t += MIN) this.feed(registry('registry.changed', t));
    return this;
  }
  fired() { return this.out.filter((t) => t.type === 'fire'); }
  resolved() { return this.out.filter((t) => t.type === 'resolve'); }
}

const common = { name: { zh: '测试', en: 'test' }, severity: 'critical' } as const;

describe('rule files', () => {
  it('refuses a bad rule naming the rule and the field, and a duplicate id', () => {
    const r = parseRuleSet({ version: 1, rules: [
      { ...common, id: 'ok-rule', kind: 'feed-stale', minutes: 10 },
      { ...common, id: 'bad-drop', kind: 'drop', metric: 'sales', ratio: 1.5 },
      { ...common, id: 'ok-rule', kind: 'feed-stale', minutes: 5 },
      { ...common, kind: 'threshold', metric: 'tax', period: 'ytd', below: 0 },
      { ...common, id: 'mom-ytd', kind: 'threshold', metric: 'tax', period: 'ytd', measure: 'mom', below: 0 },
    ] });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.some((e) => e.startsWith('rule "bad-drop" (#2): ratio:'))).toBe(true);
    expect(errors.some((e) => e.includes('rule "ok-rule" (#3): id:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('rule #4: id:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('rule "mom-ytd" (#5): measure:'))).toBe(true);
    expect(errors).toHaveLength(4);
  });

  it('the shipped rules file is valid', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const r = parseRuleSet(parse(readFileSync(new URL('../../backend/rules/alert-rules.yaml', import.meta.url), 'utf8')));
    expect(r.ok ? r.ruleSet.rules.map((x) => x.kind).sort() : r.errors).toEqual(expect.arrayContaining(['threshold', 'drop', 'spike', 'large-event', 'feed-stale', 'feed-delay', 'rejected-rate']));
  });
});

describe('each rule kind fires on one sequence and resolves on another', () => {
  it('threshold: month-to-date tax 同比 below −15 %', () => {
    const log = new Log(rules({ ...common, id: 'tax-yoy', kind: 'threshold', scope: 'torch-park', metric: 'tax', period: 'mtd', measure: 'yoy', below: -0.15 }));
    log.feed(receipt(T('2025-01-01T10:00'), 1)); // history covers last year
    log.feed(receipt(T('2025-06-03T10:00'), 1000));
    log.feed(receipt(T('2026-06-03T10:00'), 800)); // −20 %
    log.beat(T('2026-06-10T10:00'), T('2026-06-10T10:05'));
    expect(log.fired()).toHaveLength(1); // at the first minute boundary the log crosses: 10:00
    expect(log.fired()[0]).toMatchObject({ fingerprint: 'tax-yoy|park=torch-park', at: T('2026-06-10T10:00'), threshold: -0.15, labels: { park: 'torch-park' } });
    expect((log.fired()[0] as { value: number }).value).toBeCloseTo(-0.2, 6);
    log.feed(receipt(T('2026-06-10T10:05'), 150)); // 950: −5 %
    log.beat(T('2026-06-10T10:06'), T('2026-06-10T10:08'));
    expect(log.resolved()).toEqual([expect.objectContaining({ id: `tax-yoy|park=torch-park@${T('2026-06-10T10:00')}`, at: T('2026-06-10T10:06') })]);
  });

  it('drop: invoiced sales in 15 minutes below 40 % of the same window last week', () => {
    const log = new Log(rules({ ...common, id: 'sales-drop', kind: 'drop', metric: 'sales', window: 15, ratio: 0.4, minBaseline: 100 }));
    const lastWeek = T('2026-06-03T09:00');
    for (let t = lastWeek; t < lastWeek + 60 * MIN; t += MIN) log.feed(invoice(t, 100));
    const now = lastWeek + 7 * DAY;
    for (let t = now; t < now + 15 * MIN; t += MIN) log.feed(invoice(t, 100)); // normal
    expect(log.fired()).toHaveLength(0);
    log.beat(now + 15 * MIN, now + 40 * MIN); // nothing invoiced
    const fire = log.fired();
    expect(fire).toHaveLength(1);
    // The window [t−15m, t) holds 100 per minute for the minutes before 09:15: below 600 at 09:24 (6 minutes of 100 < 40 % of 1500).
    expect(fire[0]).toMatchObject({ at: now + 25 * MIN, value: 500, threshold: 600 });
    for (let t = now + 40 * MIN; t < now + 50 * MIN; t += MIN) log.feed(invoice(t, 100));
    expect(log.resolved()).toHaveLength(1);
    expect(log.resolved()[0]!.at).toBe(now + 46 * MIN); // six minutes of 100 again
  });

  it('spike: deregistrations in an hour above mean + 3σ of the same hour on the trailing days', () => {
    const log = new Log(rules({ ...common, id: 'dereg-spike', kind: 'spike', metric: 'deregistered', window: 60, trailingDays: 28, sigmas: 3, minValue: 5 }));
    const nine = T('2026-06-10T09:00');
    for (let d = 28; d >= 1; d--) {
      log.feed(registry('registry.deregistered', nine - d * DAY - 50 * MIN));
      if (d % 2) log.feed(registry('registry.deregistered', nine - d * DAY - 40 * MIN));
    }
    // The same hour (08:00–09:00) on the trailing days: 1 or 2, mean 1.5, σ 0.5: threshold max(3, minValue 5) = 5.
    const burst = nine - 10 * MIN;
    for (let i = 0; i < 8; i++) log.feed(registry('registry.deregistered', burst + i * MIN));
    log.beat(burst + 8 * MIN, nine + MIN);
    const fired = log.fired();
    expect(fired).toHaveLength(1);
    // Six burst events are in the window at 08:56; the trailing windows then cover 56/60 of hour 8.
    expect(fired[0]).toMatchObject({ at: burst + 6 * MIN, value: 6, threshold: 5, detail: { mean: 1.4, days: 28 } });
    log.beat(nine + MIN, nine + 70 * MIN); // the burst leaves the window
    expect(log.resolved()).toEqual([expect.objectContaining({ at: nine + 53 * MIN, value: 5 })]);
  });

  it('large event: a declaration over 1000万美元 fires once and resolves after its hold time', () => {
    const log = new Log(rules({ ...common, id: 'big-decl', kind: 'large-event', event: 'customs.declaration', field: 'valueUsd', above: 10_000_000, hold: 30 }));
    const t0 = T('2026-06-10T10:00:30');
    log.feed(declaration(t0, 9_000_000)).feed(declaration(t0 + 1000, 25_000_000));
    log.beat(T('2026-06-10T10:01'), T('2026-06-10T10:40'));
    expect(log.fired()).toEqual([expect.objectContaining({ value: 25_000_000, at: T('2026-06-10T10:01'), labels: { park: 'hubian-park', source: 'customs' } })]);
    expect(log.resolved()).toEqual([expect.objectContaining({ at: T('2026-06-10T10:31') })]);
  });

  it('feed stale: no customs event for 15 minutes while the others flow', () => {
    const log = new Log(rules({ ...common, id: 'silent', kind: 'feed-stale', source: 'customs', minutes: 15 }));
    const t0 = T('2026-06-10T10:00');
    log.feed(declaration(t0, 100));
    log.beat(t0, t0 + 20 * MIN);
    expect(log.fired()).toEqual([expect.objectContaining({ at: t0 + 15 * MIN, fingerprint: 'silent|source=customs' })]);
    log.feed(declaration(t0 + 20 * MIN, 100)).beat(t0 + 21 * MIN, t0 + 22 * MIN);
    expect(log.resolved()).toEqual([expect.objectContaining({ at: t0 + 21 * MIN })]);
  });

  it('feed delay: events arriving ten minutes after their event time', () => {
    const log = new Log(rules({ ...common, id: 'late', kind: 'feed-delay', source: 'tax', minutes: 5, window: 5, minEvents: 3 }));
    const t0 = T('2026-06-10T10:00');
    for (let i = 0; i < 6; i++) log.feed(invoice(t0 + i * MIN - 10 * MIN, 1), t0 + i * MIN);
    log.beat(t0 + 6 * MIN, t0 + 7 * MIN);
    expect(log.fired()).toHaveLength(1);
    expect(log.fired()[0]).toMatchObject({ value: 10, labels: { source: 'tax' } });
    for (let i = 7; i < 14; i++) log.feed(invoice(t0 + i * MIN, 1), t0 + i * MIN);
    expect(log.resolved()).toHaveLength(1);
  });

  it('rejected rate: more than 5 % of entries dead-lettered', () => {
    const log = new Log(rules({ ...common, id: 'garbage', kind: 'rejected-rate', source: 'tax', above: 0.05, window: 5, minEvents: 10 }));
    const t0 = T('2026-06-10T10:00');
    for (let i = 0; i < 5; i++) {
      for (let k = 0; k < 9; k++) log.feed(invoice(t0 + i * MIN + k * 1000, 1));
      log.reject('tax', t0 + i * MIN + 30_000);
    }
    log.beat(t0 + 5 * MIN, t0 + 6 * MIN);
    expect(log.fired()).toEqual([expect.objectContaining({ value: 0.1, threshold: 0.05 })]);
    for (let i = 6; i < 13; i++) for (let k = 0; k < 9; k++) log.feed(invoice(t0 + i * MIN + k * 1000, 1));
    expect(log.resolved()).toHaveLength(1);
  });
});

describe('lifecycle in the engine', () => {
  const stale = (extra: Partial<Rule> = {}) => rules({ ...common, id: 'silent', kind: 'feed-stale', source: 'customs', minutes: 5, ...extra });

  it('waits for the for-duration, fires once however long the condition holds, re-fires as a new occurrence after resolving', () => {
    const log = new Log(stale({ for: 10 } as Partial<Rule>));
    const t0 = T('2026-06-10T10:00');
    log.feed(declaration(t0, 1)).beat(t0, t0 + 14 * MIN);
    expect(log.fired()).toHaveLength(0); // condition since 10:05, fires at 10:15
    log.beat(t0 + 14 * MIN, t0 + 60 * MIN);
    expect(log.fired()).toEqual([expect.objectContaining({ since: t0 + 5 * MIN, at: t0 + 15 * MIN })]);
    log.feed(declaration(t0 + 60 * MIN, 1)).beat(t0 + 61 * MIN, t0 + 62 * MIN);
    expect(log.resolved()).toHaveLength(1);
    log.beat(t0 + 62 * MIN, t0 + 90 * MIN);
    const fires = log.fired();
    expect(fires).toHaveLength(2);
    expect(fires[1]!.id).not.toBe(fires[0]!.id);
    expect(fires[1]!.fingerprint).toBe(fires[0]!.fingerprint);
  });

  it('working-hours rules do not start on a weekend, a holiday or at night, and do on a working morning', () => {
    const rs = stale({ calendar: 'working-hours' } as Partial<Rule>);
    for (const start of ['2026-06-13T10:00', '2026-10-01T10:00', '2026-06-10T20:00']) {
      const log = new Log(rs);
      log.feed(declaration(T(start), 1)).beat(T(start), T(start) + 30 * MIN);
      expect(log.fired(), start).toHaveLength(0);
    }
    const log = new Log(rs);
    log.feed(declaration(T('2026-06-15T08:40'), 1)).beat(T('2026-06-15T08:40'), T('2026-06-15T09:30'));
    // Silent since 08:40, but silence counts from the start of working hours: five minutes at 09:05.
    expect(log.fired()).toEqual([expect.objectContaining({ at: T('2026-06-15T09:05') })]);
  });

  it('evaluates nothing before the epoch', () => {
    const t0 = T('2026-06-10T10:00');
    const log = new Log(stale(), t0 + 30 * MIN);
    log.feed(declaration(t0, 1)).beat(t0, t0 + 40 * MIN);
    expect(log.fired()).toEqual([expect.objectContaining({ since: t0 + 30 * MIN, at: t0 + 30 * MIN })]);
  });

  it('an engine restored from its checkpoint halfway through a for-duration fires at the same instant, once', () => {
    const rs = stale({ for: 20 } as Partial<Rule>);
    const t0 = T('2026-06-10T10:00');
    const straight = new Log(rs);
    straight.feed(declaration(t0, 1)).beat(t0, t0 + 40 * MIN);

    const first = new Log(rs);
    first.feed(declaration(t0, 1)).beat(t0, t0 + 15 * MIN);
    expect(first.fired()).toHaveLength(0);
    const resumed = new Log(rs);
    resumed.p.metrics = first.p.metrics;
    resumed.p.engine = restoreEngine(serializeEngine(first.p.engine));
    resumed.beat(t0 + 15 * MIN, t0 + 40 * MIN);
    expect(resumed.fired()).toEqual(straight.fired());
    expect(resumed.fired()).toHaveLength(1);
  });

  it('a drop rule added by a reload has no opinion until it has counted a whole window', () => {
    const log = new Log(rules({ ...common, id: 'silent', kind: 'feed-stale', source: 'customs', minutes: 600 }));
    const lastWeek = T('2026-06-03T09:00');
    for (let t = lastWeek; t < lastWeek + 60 * MIN; t += MIN) log.feed(invoice(t, 100));
    const now = lastWeek + 7 * DAY;
    for (let t = now; t < now + 10 * MIN; t += MIN) log.feed(invoice(t, 100));
    // Sales go on as usual; the rule arrives mid-stream, its window empty so far.
    log.p.rules = rules({ ...common, id: 'sales-drop', kind: 'drop', metric: 'sales', window: 15, ratio: 0.4, minBaseline: 100 });
    for (let t = now + 10 * MIN; t < now + 40 * MIN; t += MIN) log.feed(invoice(t, 100));
    expect(log.fired()).toEqual([]);
  });

  it('a rule removed by a reload resolves what it had fired', () => {
    const t0 = T('2026-06-10T10:00');
    const log = new Log(stale());
    log.feed(declaration(t0, 1)).beat(t0, t0 + 10 * MIN);
    expect(log.fired()).toHaveLength(1);
    log.p.rules = rules({ ...common, id: 'other', kind: 'feed-stale', source: 'tax', minutes: 600 });
    log.beat(t0 + 10 * MIN, t0 + 12 * MIN);
    expect(log.resolved()).toEqual([expect.objectContaining({ fingerprint: 'silent|source=customs', value: null })]);
  });
});
