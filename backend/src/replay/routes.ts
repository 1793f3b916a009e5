// Replay over REST (operators and admins): sessions and their controls, a dry run of draft rules
// over a recorded period, event density for the timeline, and NDJSON export of a range.
import express, { type Response, type Router } from 'express';
import {
  CreateReplaySchema, DensityQuerySchema, DryRunSchema, ExportQuerySchema, type ExportLine, ReplayControlSchema, type ReplayResponse, SOURCES, type Source,
  fieldValue, seriesOf, toShanghaiIso,
} from '@torch/shared';
import { authOf, requirePermission, sendFailure } from '../auth/index.ts';
import { parseOr400 } from '../http/validate.ts';
import type { ExportSlots } from '../http/exportSlots.ts';
import { type BuildDeps, RetentionError, earliestRead, earliestStart } from './build.ts';
import { DryRunner } from './dryRun.ts';
import { priceMessage } from './dryRunPrice.ts';
import { firstArrival, readLog } from './log.ts';
import type { ReplayCluster } from './cluster.ts';
import { type ReplayManager, TooManySessions } from './manager.ts';

export interface ReplayRouteDeps {
  replays: ReplayManager;
  /** Sessions of every gateway (set once the socket server exists). */
  cluster: () => ReplayCluster;
  build: BuildDeps;
  /** DRY_RUN_MAX_COST and DRY_RUN_TIMEOUT_SECONDS (see dryRun.ts). */
  dryRun: { maxCost: number; timeoutMs: number };
  /** Exports running at once, per gateway and per person. */
  exports: ExportSlots;
}

function answer(res: Response, r: ReplayResponse, body: (ok: Extract<ReplayResponse, { info: unknown }>) => unknown): void {
  if ('error' in r) return sendFailure(res, r.error, r.message);
  if ('info' in r) return void res.json(body(r));
  sendFailure(res, 'INTERNAL');
}

function retentionFailure(res: Response, e: RetentionError, field = 'from'): void {
  const message = e.firstAvailable === null
    ? 'the streams hold no recorded events yet'
    : `the streams hold events from ${toShanghaiIso(e.firstAvailable)} on; the earliest start is ${toShanghaiIso(e.earliestStart ?? e.firstAvailable)}`;
  sendFailure(res, 'OUT_OF_RETENTION', message, field);
}

export function createReplayRouter(d: ReplayRouteDeps): Router {
  const r = express.Router();
  const use = requirePermission('replay:use');
  const dryRuns = new DryRunner({ build: d.build, ...d.dryRun });

  r.get('/replay/sessions', use, async (_req, res) => {
    res.json({ items: await d.cluster().list() });
  });

  r.post('/replay/sessions', use, async (req, res) => {
    const body = parseOr400(CreateReplaySchema, req.body, res);
    if (!body) return;
    try {
      // The log does not reach into the future: a range ending later ends now.
      const to = Math.min(body.to, Date.now());
      if (to <= body.from) return sendFailure(res, 'BAD_REQUEST', 'from: must be in the past', 'from');
      const s = await d.replays.create({ from: body.from, to, sources: body.sources ?? null, parks: body.parks ?? null, speed: body.speed, createdBy: authOf(res)!.sub });
      res.status(201).json(s.info());
    } catch (e) {
      if (e instanceof RetentionError) return retentionFailure(res, e);
      if (e instanceof TooManySessions) return sendFailure(res, 'RATE_LIMITED', e.message);
      throw e;
    }
  });

  // A session may live on another gateway: the cluster finds it.
  r.get('/replay/sessions/:id', use, async (req, res) => {
    answer(res, await d.cluster().request({ id: String(req.params.id), op: 'get' }), (r) => ({ info: r.info, view: r.view, alerts: r.alerts }));
  });

  r.post('/replay/sessions/:id/control', use, async (req, res) => {
    const body = parseOr400(ReplayControlSchema, req.body, res);
    if (!body) return;
    answer(res, await d.cluster().request({ id: String(req.params.id), op: 'control', control: req.body }), (r) => r.info);
  });

  r.delete('/replay/sessions/:id', use, async (req, res) => {
    const r = await d.cluster().request({ id: String(req.params.id), op: 'close' });
    if ('error' in r) return sendFailure(res, r.error);
    res.status(204).end();
  });

  // What a draft rule set would have raised over a recorded period; nobody is notified. The rules
  // are parsed, priced and evaluated in a worker thread (dryRun.ts).
  const busy = 'another dry run is running on this gateway (one at a time); try again when it has finished';
  r.post('/replay/dry-run', use, async (req, res) => {
    const body = parseOr400(DryRunSchema, req.body, res);
    if (!body) return;
    if (dryRuns.busy) return sendFailure(res, 'BUSY', busy);
    const first = await firstArrival(d.build.redis, d.build.streams);
    if (first === null || first > earliestRead(body.from)) return retentionFailure(res, new RetentionError(first, first === null ? null : earliestStart(first)));
    // The client going away stops the run (the response closes before it is written).
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const r = await dryRuns.run(body.rules, body.from, body.to, gone.signal);
    if (r.ok) return void res.json({ from: body.from, to: body.to, rules: r.rules, transitions: r.transitions });
    switch (r.why) {
      case 'invalid': return sendFailure(res, 'BAD_REQUEST', r.message, 'rules');
      case 'over-budget': return sendFailure(res, 'BAD_REQUEST', priceMessage(r.price, d.dryRun.maxCost), 'rules');
      case 'busy': return sendFailure(res, 'BUSY', busy);
      case 'timeout': return sendFailure(res, 'TIMEOUT', `the dry run took longer than ${d.dryRun.timeoutMs / 1000} s and was stopped; use fewer rules or a shorter range`);
      case 'retention': return retentionFailure(res, r.error);
      case 'failed': throw new Error(`dry run failed: ${r.message}`);
      case 'aborted': return; // nobody is listening
    }
  });

  // Events per hour (or day) for the replay timeline, from the aggregates.
  r.get('/replay/density', use, (req, res) => {
    const q = parseOr400(DensityQuerySchema, req.query, res);
    if (!q) return;
    const state = d.build.live();
    const parts = (['invoices', 'declarations', 'established', 'deregistered', 'changes'] as const).map((m) => seriesOf(state, 'zone', m, q.from, q.to, q.step));
    res.json({ step: q.step, points: parts[0]!.map((p, i) => ({ t: p.t, v: parts.reduce((s, x) => s + (x[i]?.v ?? 0), 0) })) });
  });

  // The recorded entries of a range as NDJSON, streamed page by page with backpressure.
  r.get('/replay/export', use, d.exports.guard(), async (req, res) => {
    const q = parseOr400(ExportQuerySchema, req.query, res);
    if (!q) return;
    const first = await firstArrival(d.build.redis, d.build.streams);
    if (first === null || first > q.from) return retentionFailure(res, new RetentionError(first, first));
    const sources = (q.sources?.split(',') as Source[] | undefined) ?? [...SOURCES];
    res.type('application/x-ndjson; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="torch-${toShanghaiIso(q.from).slice(0, 16).replace(/:/g, '')}.ndjson"`);
    let aborted = false;
    res.on('close', () => (aborted = true));
    for await (const e of readLog(d.build.redis, d.build.streams, q.from, q.to - 1, sources)) {
      if (aborted) break;
      const line: ExportLine = { source: e.stream, id: e.id, arrival: e.ms, e: fieldValue(e.fields, 'e') ?? null, v: fieldValue(e.fields, 'v') ?? null };
      // Wait for the client to take more, or for it to go away (then stop reading the log).
      if (!res.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((done) => {
        const finish = () => {
          res.off('drain', finish);
          res.off('close', finish);
          done();
        };
        res.once('drain', finish);
        res.once('close', finish);
      });
    }
    res.end();
  });

  return r;
}
