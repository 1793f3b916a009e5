// The one view channel that live rooms and replay sessions share: the server half (sequence, ring,
// missed, diff baseline) and the client half (in-order apply, gap detection), each rule by name.
import { describe, expect, it } from 'vitest';
import { ChannelLog, type ChannelState, EMPTY_CHANNEL, type MetricsView, ViewDiffer, applyViewMessage, positionOf } from '@torch/shared';

const view = (sales: number, asOf = 1) => ({ asOf, metrics: { zone: { sales: { today: sales } } } }) as unknown as MetricsView;
type Meta = { n: number; alerts?: string[] };

describe('ChannelLog (server)', () => {
  it('numbers deltas from 1 within its epoch; a snapshot stands at the current sequence', () => {
    const log = new ChannelLog<Meta>('zone', 'e1');
    expect(log.snapshot(view(1), { n: 0 })).toMatchObject({ type: 'snapshot', channel: 'zone', epoch: 'e1', seq: 0 });
    expect(log.append([['a', 1]], { n: 1 }).seq).toBe(1);
    expect(log.append([['a', 2]], { n: 2 }).seq).toBe(2);
    expect(log.snapshot(view(2), { n: 2 }).seq).toBe(2);
  });

  it('missed: nothing when up to date, the deltas after a position, null across epochs, ahead, or past the ring', () => {
    const log = new ChannelLog<Meta>('zone', 'e1', 3);
    for (let i = 1; i <= 5; i++) log.append([['a', i]], { n: i });
    expect(log.missed({ epoch: 'e1', seq: 5 })).toEqual([]);
    expect(log.missed({ epoch: 'e1', seq: 3 })!.map((d) => d.seq)).toEqual([4, 5]);
    expect(log.missed({ epoch: 'e1', seq: 2 })!.map((d) => d.seq)).toEqual([3, 4, 5]);
    expect(log.missed({ epoch: 'e1', seq: 1 })).toBeNull(); // the ring keeps 3
    expect(log.missed({ epoch: 'e0', seq: 5 })).toBeNull();
    expect(log.missed({ epoch: 'e1', seq: 6 })).toBeNull();
  });
});

describe('ViewDiffer', () => {
  it('the first view (and the first after reset) has no baseline: null means send a snapshot', () => {
    const d = new ViewDiffer();
    expect(d.next(view(1))).toBeNull();
    expect(d.next(view(1))).toEqual([]);
    expect(d.next(view(3))).toEqual([['metrics/zone/sales/today', 3]]);
    d.reset();
    expect(d.next(view(4))).toBeNull();
  });
});

describe('applyViewMessage (client)', () => {
  const log = new ChannelLog<Meta>('zone', 'e1');
  const snap = log.snapshot(view(1), { n: 0, alerts: ['x'] });
  const d1 = log.append([['metrics/zone/sales/today', 2]], { n: 1 });
  const d2 = log.append([['metrics/zone/sales/today', 5]], { n: 2 });

  const start = (): ChannelState<Meta> => {
    const r = applyViewMessage<Meta>(EMPTY_CHANNEL, snap, 'zone');
    if (r.kind !== 'applied') throw new Error('snapshot not applied');
    return r.state;
  };

  it('a snapshot replaces what is held; deltas apply in order, copying only along changed paths', () => {
    const s0 = start();
    expect(positionOf(s0)).toEqual({ epoch: 'e1', seq: 0 });
    const r1 = applyViewMessage(s0, d1, 'zone');
    expect(r1.kind).toBe('applied');
    const s1 = (r1 as { state: ChannelState<Meta> }).state;
    expect(s1.view!.metrics.zone.sales.today).toBe(2);
    expect(s0.view!.metrics.zone.sales.today).toBe(1); // the held view is not mutated
    expect(s1.seq).toBe(1);
  });

  it('a duplicate or an older message is ignored; so is another channel', () => {
    const s1 = (applyViewMessage(start(), d1, 'zone') as { state: ChannelState<Meta> }).state;
    expect(applyViewMessage(s1, d1, 'zone').kind).toBe('ignored');
    expect(applyViewMessage(s1, snap, 'zone').kind).toBe('ignored');
    expect(applyViewMessage(s1, { ...d2, channel: 'park:torch-park' }, 'zone').kind).toBe('ignored');
  });

  it('a gap (a skipped sequence, a new epoch, or a delta before any snapshot) is reported, not applied; the meta is taken', () => {
    const s0 = start();
    const gap = applyViewMessage(s0, d2, 'zone');
    expect(gap.kind).toBe('gap');
    expect((gap as { state: ChannelState<Meta> }).state.view!.metrics.zone.sales.today).toBe(1);
    expect((gap as { state: ChannelState<Meta> }).state.meta!.n).toBe(2);
    expect(applyViewMessage(s0, { ...d1, epoch: 'e2' }, 'zone').kind).toBe('gap');
    expect(applyViewMessage(EMPTY_CHANNEL, d1, 'zone').kind).toBe('gap');
    // A snapshot of a new epoch is taken whatever its sequence.
    expect(applyViewMessage(s0, { ...snap, epoch: 'e2', seq: 0 }, 'zone').kind).toBe('applied');
  });

  it('merge combines held and received meta (a delta that carries no alert list keeps the held one)', () => {
    const merge = (held: Meta | null, got: Meta): Meta => (got.alerts ? got : { ...got, alerts: held?.alerts ?? [] });
    const s1 = (applyViewMessage(start(), d1, 'zone', merge) as { state: ChannelState<Meta> }).state;
    expect(s1.meta).toEqual({ n: 1, alerts: ['x'] });
    expect((applyViewMessage(start(), d1, 'zone') as { state: ChannelState<Meta> }).state.meta).toEqual({ n: 1 });
  });
});
