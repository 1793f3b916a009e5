// What a screen is sent (issue 15, point 3): the view reduced to what the wall shows, ratios to
// 0.1 %, read to the minute, and deltas as a change tree — checked on a real reduced state, and
// the delta of a busy tick held well under the whole-view diff it replaces.
import { describe, expect, it } from 'vitest';
import {
  ChannelLog, EMPTY_CHANNEL, HEADLINE_METRICS, METRIC_IDS, PARK_IDS, RATIO_STEP, SCREEN_RECENT, ViewDiffer, applyViewMessage, changesOf, createState, diff,
  displayInstant, flatten, parseShanghai, reduce, screenView, viewAt, type ChannelState, type LiveMeta, type MetricsView,
} from '@torch/shared';
import { generateRange } from '@torch/simulators';

const NOW = parseShanghai('2026-06-10T10:40') + 17_250;
const META: LiveMeta = { kind: 'live', catchingUp: false };

function stateWithHistory() {
  const state = createState();
  // Forty days: the month before (环比) is covered, last year (同比) is not.
  for (const e of generateRange({ seed: 3, fixedPerMinute: 2 }, NOW - 40 * 86_400_000, NOW)) reduce(state, e, e.ts);
  return state;
}
const state = stateWithHistory();

describe('screenView', () => {
  const full: MetricsView = viewAt(state, NOW);
  const screen = screenView(full);

  it('carries the zone\'s headline metrics in full and every other metric\'s month to date', () => {
    for (const id of METRIC_IDS) {
      const z = screen.metrics.zone[id] as unknown as Record<string, unknown>;
      expect(z.mtd, id).toBe(full.metrics.zone[id].mtd);
      const inFull = (HEADLINE_METRICS as readonly string[]).includes(id) || id === 'trade';
      expect(Object.keys(z).sort(), id).toEqual(inFull ? ['base', 'mom', 'mtd', 'today', 'yoy', 'ytd'] : ['mtd']);
    }
    expect(screen.metrics.zone.sales.today).toBe(full.metrics.zone.sales.today);
    expect(screen.metrics.zone.sales.ytd).toBe(full.metrics.zone.sales.ytd);
  });

  it('carries each park\'s headline month to date and its sales 同比, a park room\'s own park in full', () => {
    for (const p of PARK_IDS) {
      const row = screen.metrics[p] as unknown as Record<string, Record<string, unknown>>;
      expect(Object.keys(row).sort()).toEqual([...HEADLINE_METRICS].sort());
      for (const id of HEADLINE_METRICS) expect(row[id]!.mtd).toBe(full.metrics[p][id].mtd);
      expect(Object.keys(row.sales!).sort()).toEqual(['base', 'mtd', 'yoy']);
      expect(Object.keys(row.tax!)).toEqual(['mtd']);
    }
    const own = screenView(full, 'torch-park');
    expect(Object.keys(own.metrics['torch-park']).length).toBe(METRIC_IDS.length);
    expect(Object.keys(own.intraday).sort()).toEqual(['torch-park', 'zone']);
    expect(Object.keys(screen.intraday)).toEqual(['zone']);
  });

  it('rounds ratios to 0.1 % and leaves the figures and bases exact', () => {
    const ratios = [full.metrics.zone.sales.mom.today, full.metrics.zone.sales.mom.mtd, full.metrics.zone.tax.mom.today];
    expect(ratios.some((r) => r !== null && Math.abs(r * 1000 - Math.round(r * 1000)) > 1e-6)).toBe(true); // there was something to round
    const sent = screen.metrics.zone.sales.mom.today!;
    expect(Math.abs(sent * 1000 - Math.round(sent * 1000))).toBeLessThan(1e-9);
    expect(Math.abs(sent - full.metrics.zone.sales.mom.today!)).toBeLessThanOrEqual(RATIO_STEP / 2 + 1e-12);
    expect(screen.metrics.zone.sales.base).toEqual(full.metrics.zone.sales.base);
  });

  it('drops the feeds\' per-minute counts and keeps the ticker\'s newest entries', () => {
    for (const f of Object.values(screen.feeds)) expect(f).not.toHaveProperty('minutes');
    expect(screen.feeds.tax.perMinute).toBe(full.feeds.tax.perMinute);
    expect(full.recent.length).toBeGreaterThan(SCREEN_RECENT);
    expect(screen.recent).toEqual(full.recent.slice(0, SCREEN_RECENT));
  });

  it('is read at the start of the minute: the same view all minute long while no event arrives', () => {
    const a = screenView(viewAt(state, displayInstant(NOW)));
    const b = screenView(viewAt(state, displayInstant(NOW + 40_000)));
    expect(diff(flatten(a), flatten(b))).toEqual([]);
    // Read at the exact instant, the bases of 环比 move within the minute.
    expect(diff(flatten(viewAt(state, NOW)), flatten(viewAt(state, NOW + 40_000))).length).toBeGreaterThan(20);
  });
});

describe('the channel over screen views', () => {
  it('a delta\'s change tree applies to the same view as its [path, value] list', () => {
    const s = stateWithHistory();
    const log = new ChannelLog<LiveMeta>('zone', 'e1');
    const differ = new ViewDiffer();
    const first = screenView(viewAt(s, displayInstant(NOW)));
    differ.next(first);
    let held: ChannelState<LiveMeta> = EMPTY_CHANNEL;
    const snap = applyViewMessage(held, log.snapshot(first, META), 'zone');
    if (snap.kind !== 'applied') throw new Error(snap.kind);
    held = snap.state;
    let fullDiffBytes = 0;
    let sentBytes = 0;
    const events = [...generateRange({ seed: 9, fixedPerMinute: 600 }, NOW, NOW + 60_000)];
    for (let tick = 0; tick < 4; tick++) {
      const before = flatten(viewAt(s, NOW + tick * 250));
      for (const e of events.slice(tick * 50, tick * 50 + 50)) reduce(s, { ...e, id: `${e.id}-t` }, NOW + tick * 250);
      const next = screenView(viewAt(s, displayInstant(NOW + (tick + 1) * 250)));
      const changes = differ.next(next)!;
      const m = log.append(changes, META);
      expect(changesOf(m.patch)).toEqual(changes);
      const r = applyViewMessage(held, m, 'zone');
      if (r.kind !== 'applied') throw new Error(r.kind);
      held = r.state;
      expect(JSON.stringify(held.view)).toBe(JSON.stringify(next));
      fullDiffBytes += JSON.stringify(diff(before, flatten(viewAt(s, NOW + (tick + 1) * 250)))).length;
      sentBytes += JSON.stringify(m).length;
    }
    // Protocol 3 sent the whole view's diff; a screen's delta is a small part of it.
    expect(sentBytes).toBeLessThan(fullDiffBytes / 4);
  }, 60_000);

  it('after skip(), a client resuming from before it gets a snapshot, not "nothing missed"', () => {
    const log = new ChannelLog<LiveMeta>('zone', 'e1');
    log.append([['asOf', 1]], META);
    expect(log.missed({ epoch: 'e1', seq: 1 })).toEqual([]);
    log.skip();
    expect(log.missed({ epoch: 'e1', seq: 1 })).toBeNull();
  });
});
