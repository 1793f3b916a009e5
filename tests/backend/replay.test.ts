// Replay through the real gateway on the real store. Ten simulated days with faults on the last,
// reduced live (in small pages, so the streams interleave under a backlog), then replayed:
// parity of metrics and alerts with live; seek forward and back against a fresh reduction; speed;
// isolation of the live wall; the retention error; dry runs; export and re-feed round trip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlertTransition, type MetricsView, SOURCES, createState, decodeEntry, keyLayout, reduce, reduceRejected, viewAt,
} from '@torch/shared';
import { backfill, parseFault, refeed } from '@torch/simulators';
import { writeRulesFile } from '../helpers/alerts.ts';
import { type TestGateway, settled, startGateway } from '../helpers/gateway.ts';
import { REDIS_URL, connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

const up = await requireRedis('replay');
const redis = up ? connect() : null;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const RULES = `version: 1
rules:
  - id: big-declaration
    name: { zh: 大额报关, en: Large declaration }
    kind: large-event
    severity: critical
    event: customs.declaration
    field: valueUsd
    above: 10000000
    hold: 20
  - id: dereg-spike
    name: { zh: 注销激增, en: Deregistration surge }
    kind: spike
    severity: warning
    metric: deregistered
    window: 60
    trailingDays: 7
    minValue: 4
  - id: customs-silent
    name: { zh: 海关中断, en: Customs silent }
    kind: feed-stale
    severity: critical
    source: customs
    minutes: 45
    for: 5
  - id: garbage
    name: { zh: 不合格数据, en: Invalid entries }
    kind: rejected-rate
    severity: warning
    source: tax
    above: 0.1
    window: 15
    minEvents: 10
`;

/** A view without the per-source counters that count since the beginning of time (live) or of the replay. */
function comparable(v: MetricsView) {
  const feeds = Object.fromEntries(Object.entries(v.feeds).map(([s, f]) => [s, { lastEventTs: f.lastEventTs, lastArrival: f.lastArrival, perMinute: f.perMinute, minutes: f.minutes }]));
  return { asOf: v.asOf, metrics: v.metrics, ranking: v.ranking, recent: v.recent, intraday: v.intraday, feeds };
}

const key = (t: AlertTransition) => `${t.type} ${t.id} ${t.at} ${t.type === 'fire' ? t.value : ''}`;

describe.runIf(up)('replay', () => {
  const prefix = testPrefix('replay');
  const layout = keyLayout(prefix);
  let g: TestGateway;
  let operator: string;
  let end: number;
  const start = () => end - 12 * HOUR;

  /** A fresh reduction of every entry that arrived before `at`, straight from the streams. */
  async function freshView(at: number): Promise<MetricsView> {
    const s = createState();
    for (const src of SOURCES) {
      for (const [id, fields] of (await redis!.xrange(layout.stream[src], '-', String(at - 1))) as [string, string[]][]) {
        const d = decodeEntry(src, id, fields);
        if (d.ok) reduce(s, d.event, d.arrival);
        else reduceRejected(s, src, d.arrival);
      }
    }
    return viewAt(s, at);
  }

  async function session(body: Record<string, unknown>) {
    const r = await g.post('/api/replay/sessions', body, operator);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  }
  const control = (id: string, body: Record<string, unknown>) => g.post(`/api/replay/sessions/${id}/control`, body, operator);
  const state = async (id: string) => (await g.get(`/api/replay/sessions/${id}`, operator)).body as { info: { clock: number; status: string; speed: unknown }; view: MetricsView; alerts: AlertTransition[] };

  beforeAll(async () => {
    end = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    const from = end - 10 * DAY;
    const faultsAt = 10 * 24 * 60 - 10 * 60; // minutes into the run: the last day, 10 h before the end
    await backfill({
      redis: redis!, keys: layout, seed: 5, from, to: end,
      faults: [
        `large:customs.declaration:at=${faultsAt}m,for=4h,rate=0.5`,
        `spike:registry.deregistered:at=${faultsAt + 60}m,for=90m,factor=40`,
        `silence:customs:at=${faultsAt + 300}m,for=2h`,
        `malformed:tax:at=${faultsAt + 120}m,for=1h,rate=0.4`,
      ].map(parseFault),
    });
    // Alerting was switched on before this history: live evaluates all of it.
    await redis!.set(`${prefix}alerts:epoch`, String(from));
    g = await startGateway(prefix, { env: { ALERT_RULES_FILE: writeRulesFile(RULES), READ_BATCH: '100' } });
    await settled(g, 120_000);
    operator = (await g.user('operator')).accessToken;
  }, 180_000);

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  it('replaying a period gives the metrics and the alerts computed live for it, exactly', async () => {
    const admin = (await g.login()).accessToken;
    const live = (await g.get(`/api/alerts?from=${start() - DAY}&limit=2000`, admin)).body.items as { id: string; firedAt: number; value: number; resolvedAt: number | null }[];
    const liveTransitions = [
      ...live.filter((a) => a.firedAt >= start()).map((a) => `fire ${a.id} ${a.firedAt} ${a.value}`),
      ...live.filter((a) => a.resolvedAt !== null && a.resolvedAt >= start()).map((a) => `resolve ${a.id} ${a.resolvedAt} `),
    ].sort();
    expect(liveTransitions.filter((t) => t.startsWith('fire')).length).toBeGreaterThanOrEqual(3);

    const id = await session({ from: start(), to: end, speed: 'max' });
    const t0 = performance.now();
    await control(id, { action: 'play' });
    let s = await state(id);
    while (s.info.status !== 'ended') {
      await new Promise((r) => setTimeout(r, 50));
      s = await state(id);
    }
    console.info(`replay: 12 h of zone events at full speed in ${Math.round(performance.now() - t0)} ms`);
    expect(comparable(s.view)).toEqual(comparable(viewAt(g.gateway.ingest.state, end)));
    expect(s.alerts.map(key).sort()).toEqual(liveTransitions);
    await g.del(`/api/replay/sessions/${id}`, operator);
  });

  it('seek forward and back lands on the exact state of the instant; a speed change takes effect at once', async () => {
    const id = await session({ from: start(), to: end, speed: 1 });
    for (const at of [start() + 7 * HOUR + 13 * MIN, start() + 2 * HOUR + 1, start() + 11 * HOUR]) {
      await control(id, { action: 'seek', at });
      const s = await state(id);
      expect(s.info.clock).toBe(at);
      expect(comparable(s.view)).toEqual(comparable(await freshView(at)));
    }
    await control(id, { action: 'seek', at: start() });
    await control(id, { action: 'speed', speed: 600 });
    await control(id, { action: 'play' });
    await new Promise((r) => setTimeout(r, 600));
    const s = await state(id);
    expect(s.info.speed).toBe(600);
    // At 1× the clock would have moved under a second; at 600× by minutes.
    expect(s.info.clock - start()).toBeGreaterThan(60_000);
    await g.del(`/api/replay/sessions/${id}`, operator);
  });

  it('leaves the live wall alone: live metrics and alert records are the same before and after replays', async () => {
    const admin = (await g.login()).accessToken;
    const before = { view: JSON.stringify(viewAt(g.gateway.ingest.state, end)), alerts: (await g.get('/api/alerts?limit=2000', admin)).body.items.length, version: g.gateway.ingest.version };
    const id = await session({ from: start(), to: end, speed: 'max' });
    await control(id, { action: 'play' });
    while ((await state(id)).info.status !== 'ended') await new Promise((r) => setTimeout(r, 50));
    const dry = await g.post('/api/replay/dry-run', { from: start(), to: end, rules: RULES.replace('above: 10000000', 'above: 1000') }, operator);
    expect(dry.status).toBe(200);
    expect(JSON.stringify(viewAt(g.gateway.ingest.state, end))).toBe(before.view);
    expect((await g.get('/api/alerts?limit=2000', admin)).body.items.length).toBe(before.alerts);
    expect(g.gateway.ingest.version).toBe(before.version);
    await g.del(`/api/replay/sessions/${id}`, operator);
  });

  it('a draft rule set shows what it would have fired, without notifying anyone', async () => {
    const lower = await g.post('/api/replay/dry-run', { from: start(), to: end, rules: RULES.replace('above: 10000000', 'above: 100000') }, operator);
    const same = await g.post('/api/replay/dry-run', { from: start(), to: end, rules: RULES }, operator);
    const fires = (r: { body: { transitions: AlertTransition[] } }) => r.body.transitions.filter((t) => t.type === 'fire' && t.fingerprint.startsWith('big-declaration')).length;
    expect(fires(lower)).toBeGreaterThan(fires(same));
    const unknown = await g.post('/api/replay/dry-run', { from: start(), to: end, rules: RULES.replace('minValue: 4', 'minValue: 4\n    sigma: 2') }, operator);
    expect(unknown.status).toBe(400);
    const wrong = await g.post('/api/replay/dry-run', { from: start(), to: end, rules: RULES.replace('minValue: 4', 'minValue: -4') }, operator);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/rule "dereg-spike" \(#2\): minValue/);
  });

  it('a range the streams no longer hold gets a clear error naming the first available time', async () => {
    const r = await g.post('/api/replay/sessions', { from: end - 9 * DAY, to: end - 8 * DAY }, operator);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'OUT_OF_RETENTION', field: 'from' });
    expect(r.body.error.message).toMatch(/the streams hold events from \d{4}-\d\d-\d\dT\d\d:\d\d.*\+08:00 on; the earliest start is/);
    const e = await fetch(`${g.url}/api/replay/export?from=${end - 11 * DAY}&to=${end}`, { headers: { authorization: `Bearer ${operator}` } });
    expect(e.status).toBe(422);
  });

  it('walls and officials cannot replay; the number of sessions is bounded', async () => {
    const official = (await g.user('official')).accessToken;
    expect((await g.post('/api/replay/sessions', { from: start(), to: end }, official)).status).toBe(403);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await session({ from: start(), to: start() + HOUR }));
    const fifth = await g.post('/api/replay/sessions', { from: start(), to: start() + HOUR }, operator);
    expect(fifth.status).toBe(429);
    for (const id of ids) await g.del(`/api/replay/sessions/${id}`, operator);
  });

  it('an idle session is closed, also when its watcher count says someone is there but nobody is', async () => {
    const h = await startGateway(prefix, { env: { ALERT_RULES_FILE: writeRulesFile(RULES), GATEWAY_ID: 'idle', REPLAY_IDLE_MINUTES: '0.05' } });
    try {
      const opened = await h.post('/api/replay/sessions', { from: start(), to: start() + HOUR }, operator);
      expect(opened.status).toBe(201);
      const s = h.gateway.replays.get(opened.body.id)!;
      s.watchers = 1; // as if a watcher's gateway had died without saying goodbye
      for (let i = 0; i < 100 && h.gateway.replays.get(opened.body.id); i++) await new Promise((r) => setTimeout(r, 100));
      expect(h.gateway.replays.get(opened.body.id)).toBeUndefined();
    } finally {
      await h.stop();
    }
  });

  it('export streams NDJSON of the range; re-feeding it writes the same events as a rehearsal', async () => {
    const from = start();
    const to = start() + 3 * HOUR;
    const res = await fetch(`${g.url}/api/replay/export?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${operator}` } });
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    let expected = 0;
    for (const s of SOURCES) expected += (await redis!.xrange(layout.stream[s], String(from), String(to - 1))).length;
    expect(lines).toHaveLength(expected);
    expect(lines.map((l) => l.arrival)).toEqual([...lines.map((l) => l.arrival)].sort((a, b) => a - b));

    const target = testPrefix('rehearsal');
    const cliTarget = testPrefix('rehearsal-cli');
    try {
      const r = await refeed({ redis: redis!, keys: keyLayout(target), lines: Readable.from(lines.map((l) => JSON.stringify(l))), speed: 'max' });
      expect(r.written).toBe(lines.length);
      const back: Record<string, unknown>[] = [];
      for (const s of SOURCES) for (const [, f] of await redis!.xrange(keyLayout(target).stream[s], '-', '+')) back.push(JSON.parse(f[f.indexOf('e') + 1]!));
      const valid = lines.filter((l) => { try { return typeof JSON.parse(l.e).ts === 'number'; } catch { return false; } });
      const strip = (e: Record<string, unknown>) => JSON.stringify({ ...e, id: undefined, ts: undefined, rehearsal: undefined });
      const rehearsed = back.filter((e) => e.rehearsal === true);
      expect(rehearsed).toHaveLength(valid.length);
      expect(rehearsed.map(strip).sort()).toEqual(valid.map((l) => strip(JSON.parse(l.e))).sort());
      expect(rehearsed.every((e) => String(e.id).startsWith(`rh${r.runId}-`))).toBe(true);

      // The same through the command line operators use.
      const file = join(mkdtempSync(join(tmpdir(), 'torch-capture-')), 'capture.ndjson');
      writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
      const cli = spawnSync(process.execPath, ['--import', 'tsx', 'simulators/src/cli.ts', 'replay', file, '--speed', 'max', '--prefix', cliTarget, '--redis-url', REDIS_URL, '--log-level', 'warn'], { encoding: 'utf8' });
      expect(cli.status, cli.stderr).toBe(0);
      let fed = 0;
      for (const s of SOURCES) fed += (await redis!.xrange(keyLayout(cliTarget).stream[s], '-', '+')).length;
      expect(fed).toBe(lines.length);
    } finally {
      await deletePrefix(redis!, target);
      await deletePrefix(redis!, cliTarget);
    }
  });
});
