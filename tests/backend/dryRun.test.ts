// Issue 13, point 1: a dry run has a budget. It runs in a worker thread (the gateway keeps
// answering), one at a time per gateway (429 BUSY), priced up front (400 naming the limit),
// stopped when its client leaves (the slot is free again) and after a time limit (503 TIMEOUT).
// Real gateway, real Redis, real HTTP.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARK_IDS, keyLayout, parseRuleSet, ENTRY_FIELDS, EVENT_SCHEMA_VERSION } from '@torch/shared';
import { parse as parseYaml } from 'yaml';
import { declaration } from '../helpers/alerts.ts';
import { type TestGateway, settled, startGateway } from '../helpers/gateway.ts';
import { connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';
import { applyLogEntry, buildAt } from '../../backend/src/replay/build.ts';
import { readLog } from '../../backend/src/replay/log.ts';

const up = await requireRedis('dry run limits');
const redis = up ? connect() : null;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
afterAll(() => redis?.disconnect());

/** Polls a URL every 50 ms until its stdin closes, then prints the response times (ms) as JSON. */
const POLLER = `
const url = process.argv[1];
const times = [];
let done = false;
process.stdin.on('end', () => (done = true));
process.stdin.resume();
(async () => {
  await (await fetch(url)).arrayBuffer(); // the first fetch of a process loads its HTTP client: not counted
  while (!done) {
    const t = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    times.push(performance.now() - t);
    await new Promise((res) => setTimeout(res, 50));
  }
  process.stdout.write(JSON.stringify(times));
})();`;

/** `n` spike rules over every park: 7n conditions. */
function spikeRules(n: number): string {
  const rules = Array.from({ length: n }, (_, i) => `  - { id: s-${i}, name: { zh: 激增, en: s }, kind: spike, severity: warning, scope: each-park, metric: declarations, trailingDays: 7 }`);
  return `version: 1\nrules:\n${rules.join('\n')}\n`;
}

const LARGE = `version: 1
rules:
  - id: big-declaration
    name: { zh: 大额报关, en: Large declaration }
    kind: large-event
    severity: critical
    event: customs.declaration
    field: valueUsd
    above: 5000000
    hold: 20
${spikeRules(3).split('rules:\n')[1]}`;

describe.runIf(up)('dry run limits', () => {
  const prefix = testPrefix('dryrun');
  const layout = keyLayout(prefix);
  let g: TestGateway;
  let operator: string;
  let end: number;
  const from = () => end - HOUR;

  beforeAll(async () => {
    // The log a dry run needs: entries older than its seam (8 days before its start) in every stream, then a
    // declaration a minute for the day and more before the end, so that every minute is evaluated.
    end = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    const old = end - 12 * DAY;
    const m = redis!.multi();
    for (const [i, stream] of Object.values(layout.stream).entries()) {
      m.xadd(stream, `${old + i}-0`, ENTRY_FIELDS.event, JSON.stringify(declaration(old, 1000)), ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION));
    }
    for (let t = end - 27 * HOUR, i = 0; t < end; t += MIN, i++) {
      const e = declaration(t, i % 17 === 0 ? 9_000_000 : 1000 + (i % 13) * 100, PARK_IDS[i % PARK_IDS.length]);
      m.xadd(layout.stream.customs, `${t + 500}-0`, ENTRY_FIELDS.event, JSON.stringify(e), ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION));
    }
    await m.exec();
    g = await startGateway(prefix); // the default budget: DRY_RUN_MAX_COST 1,500,000
    await settled(g, 60_000);
    operator = (await g.user('operator')).accessToken;
  }, 120_000);

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis!, prefix);
  });

  const dryRun = (rules: string, signal?: AbortSignal) => fetch(`${g.url}/api/replay/dry-run`, {
    method: 'POST', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ from: from(), to: end, rules }), ...(signal ? { signal } : {}),
  });

  it('answers what the same code answers in-process, from a worker', async () => {
    const r = await dryRun(LARGE);
    const body = await r.json() as { transitions: { id: string; type: string }[] };
    expect(r.status).toBe(200);
    // The same dry run on this thread, straight from the store.
    const parsed = parseRuleSet(parseYaml(LARGE));
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const build = { redis: redis!, streams: layout.stream, live: () => g.gateway.ingest.state, alertEpoch: 0, alertsAround: () => Promise.resolve([]) };
    const built = await buildAt(build, parsed.ruleSet, from(), false);
    const expected: string[] = [];
    for await (const e of readLog(redis!, layout.stream, from(), end - 1)) expected.push(...applyLogEntry(built, e).map((t) => `${t.type} ${t.id}`));
    expect(expected.filter((t) => t.startsWith('fire big-declaration')).length).toBeGreaterThan(0);
    expect(body.transitions.map((t) => `${t.type} ${t.id}`)).toEqual(expected);
  });

  it('a heavy dry run leaves /api/health answering within 200 ms; a second one meanwhile gets 429 BUSY', async () => {
    // Health is polled every 50 ms from another process, as a wall or a monitor would: this test
    // shares its thread with the gateway, so its own requests could not see the loop blocked.
    const poller = spawn(process.execPath, ['-e', POLLER, `${g.url}/api/health`], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    poller.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise((r) => poller.on('exit', r));
    await new Promise((r) => setTimeout(r, 300)); // its first polls, before the run
    const t0 = performance.now();
    const running = dryRun(spikeRules(60)); // 420 conditions × 1,500 minutes
    await new Promise((r) => setTimeout(r, 300));
    const second = await dryRun(LARGE);
    const busy = { status: second.status, body: await second.json() as { error: { code: string; message: string } } };
    const res = await running;
    const took = performance.now() - t0;
    poller.stdin.end();
    await exited;
    const times = JSON.parse(out) as number[];
    expect(res.status).toBe(200);
    const sorted = [...times].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
    const worst = sorted[sorted.length - 1]!;
    console.info(`dry run of 420 conditions × 1,500 minutes: ${Math.round(took)} ms; /api/health over ${times.length} polls every 50 ms: p95 ${Math.round(p95)} ms, max ${Math.round(worst)} ms`);
    expect(times.length).toBeGreaterThan(took / 400); // the poller kept polling throughout
    // p95 within the 200 ms; the single worst poll on this shared 2-core machine reached
    // 330 ms under other load, so it is held to 1 s (the same run on the request loop: 4.7 s).
    expect(p95).toBeLessThanOrEqual(200);
    expect(worst).toBeLessThanOrEqual(1_000);
    expect(busy).toMatchObject({ status: 429, body: { error: { code: 'BUSY' } } });
    expect(busy.body.error.message).toMatch(/another dry run is running/);
  });

  it('the 110-rule attack of the issue over a day is over the default budget: refused before evaluating, with the limit in the message', async () => {
    // 110 spike rules for each park (15 KB, under the body limit) over a day, then three.
    for (const [range, minutes] of [[DAY, 2880], [3 * DAY, 5760]] as const) {
      const r = await g.post('/api/replay/dry-run', { from: end - range, to: end, rules: spikeRules(110) }, operator);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'rules' });
      expect(r.body.error.message).toBe(`rules: too large a dry run: 770 conditions (rules × parks or sources) × ${minutes} minutes (the range and a day of lead-in) = ${770 * minutes}; the limit is 1500000. Use fewer rules or parks, or a shorter range.`);
    }
    // Nothing is left running: the slot is free at once.
    expect((await dryRun(LARGE)).status).toBe(200);
  });

  it('a client that goes away stops its dry run and frees the slot', async () => {
    const leaving = new AbortController();
    const running = dryRun(spikeRules(90), leaving.signal).catch((e: Error) => e);
    // Wait until it is really running (a second one is refused), then leave.
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      await new Promise((r) => setTimeout(r, 100));
      refused = (await g.post('/api/replay/dry-run', { from: from(), to: end, rules: LARGE }, operator)).status === 429;
    }
    expect(refused).toBe(true);
    leaving.abort();
    expect(await running).toBeInstanceOf(Error);
    // The worker is ended (not left to finish its ~10 s): the slot is free within a few seconds.
    const t0 = performance.now();
    let status = 429;
    while (status === 429 && performance.now() - t0 < 5_000) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await dryRun(LARGE)).status;
    }
    expect(status).toBe(200);
  });
});

describe.runIf(up)('dry run time limit', () => {
  const prefix = testPrefix('dryrun-timeout');
  let g: TestGateway;

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis!, prefix);
  });

  it('a dry run past DRY_RUN_TIMEOUT_SECONDS is stopped and answered 503 TIMEOUT', async () => {
    const layout = keyLayout(prefix);
    const end = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    for (const [i, stream] of Object.values(layout.stream).entries()) {
      await redis!.xadd(stream, `${end - 9 * DAY + i}-0`, ENTRY_FIELDS.event, JSON.stringify(declaration(end - 9 * DAY, 1000)), ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION));
    }
    g = await startGateway(prefix, { env: { DRY_RUN_TIMEOUT_SECONDS: '1' } });
    const operator = (await g.user('operator')).accessToken;
    const r = await g.post('/api/replay/dry-run', { from: end - HOUR, to: end, rules: spikeRules(90) }, operator);
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('TIMEOUT');
    expect(r.body.error.message).toMatch(/longer than 1 s/);
  });
});
