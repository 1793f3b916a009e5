// Delta size: what a wall receives per 4 Hz tick while 200 events a second flow, on a full default
// history (1 January last year to now), in process: the shared reducer, view and channel, nothing
// else. Baseline, in the same run from the same state: the message protocol 3 sent the zone room
// (the whole view at the exact instant, diffed at full precision, as a [path, value] list).
// Measured: the zone room's and a park room's delta messages as sent now (screenView read to the
// minute, ratios to 0.1 %, changes as a tree). Reported: mean and p95 bytes, and the ratio.
import { ChannelLog, createState, diff, displayInstant, flatten, MINUTE_MS, reduce, screenView, ViewDiffer, viewAt, type LiveMeta } from '@torch/shared';
import { defaultHistoryStart, generateRange } from '@torch/simulators';
import { payloads, percentile, writeResult } from './common.ts';

const rate = Number(process.env.BENCH_DELTA_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
// Start 10 s into a minute, so the run crosses minute boundaries as a live wall does.
const now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + 10_000;
const state = createState();
const t0 = performance.now();
let history = 0;
for (const e of generateRange({ seed: 5 }, defaultHistoryStart(now), now)) {
  reduce(state, e, e.ts);
  history++;
}
console.log(`history: ${history} events reduced in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const meta: LiveMeta = { kind: 'live', catchingUp: false };
const perTick = Math.round(rate / 4);
const live = payloads(perTick * seconds * 4, now + seconds * 1000, 31).map((p) => JSON.parse(p.payload) as Parameters<typeof reduce>[1]);
const bytes = (m: unknown) => Buffer.byteLength(JSON.stringify(m));
const rooms = { zone: null, 'park:torch-park': 'torch-park' } as const;
const logs = Object.fromEntries(Object.keys(rooms).map((r) => [r, { log: new ChannelLog<LiveMeta>(r, 'bench'), differ: new ViewDiffer() }]));
const sizes: Record<string, number[]> = { before: [], zone: [], 'park:torch-park': [] };
let before = flatten(viewAt(state, now));
let beforeSeq = 0;
for (const [room, park] of Object.entries(rooms)) logs[room]!.differ.next(screenView(viewAt(state, displayInstant(now)), park));
for (let tick = 1; tick <= seconds * 4; tick++) {
  const at = now + tick * 250;
  for (let i = 0; i < perTick; i++) {
    const e = live[(tick - 1) * perTick + i]!;
    reduce(state, { ...e, id: `${e.id}-${tick}-${i}`, ts: at - 250 + Math.floor((250 * i) / perTick) }, at);
  }
  const flat = flatten(viewAt(state, at));
  const changes = diff(before, flat);
  before = flat;
  if (changes.length > 0) sizes.before!.push(bytes({ type: 'delta', channel: 'zone', epoch: 'bench', seq: ++beforeSeq, changes, meta }));
  const view = viewAt(state, displayInstant(at));
  for (const [room, park] of Object.entries(rooms)) {
    const { log, differ } = logs[room]!;
    const c = differ.next(screenView(view, park)) ?? [];
    if (c.length > 0) sizes[room]!.push(bytes(log.append(c, meta)));
  }
}
const mean = (a: number[]) => Math.round(a.reduce((s, x) => s + x, 0) / Math.max(1, a.length));
const p95 = (a: number[]) => Math.round(percentile([...a].sort((x, y) => x - y), 95));
const result = {
  rate, seconds, history, load: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
  beforeMeanBytes: mean(sizes.before!), beforeP95Bytes: p95(sizes.before!),
  zoneMeanBytes: mean(sizes.zone!), zoneP95Bytes: p95(sizes.zone!), zoneDeltas: sizes.zone!.length,
  parkMeanBytes: mean(sizes['park:torch-park']!), parkP95Bytes: p95(sizes['park:torch-park']!),
  zoneRatio: +(mean(sizes.zone!) / mean(sizes.before!)).toFixed(3),
};
console.table([result]);
console.log(`deltas at ${rate} ev/s on a full history: zone room ${result.zoneMeanBytes} B mean (p95 ${result.zoneP95Bytes}; target ≤ 4 KB mean), park room ${result.parkMeanBytes} B; protocol 3's zone delta ${result.beforeMeanBytes} B: ratio ${result.zoneRatio}`);
writeResult('deltas', result);
