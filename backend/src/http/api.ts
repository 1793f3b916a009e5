// The read API of the center: health, parks, metrics, series, feeds, dead letters, and the OpenAPI
// document of every route. Every query is parsed with the shared schemas; every route but health and
// the document checks the caller's permission.
import express, { type Router } from 'express';
import type { Redis } from 'ioredis';
import {
  DeadLettersQuerySchema, type DeadLetter, type DeadLettersResponse, type FeedsResponse, type HealthResponse, PARKS,
  SOURCES, SeriesQuerySchema, type SeriesResponse, type Source, feedStatus, openApiDocument, seriesOf, viewAt,
} from '@torch/shared';
import backendPackage from '../../package.json' with { type: 'json' };
import { requirePermission } from '../auth/index.ts';
import { boundRaw } from '../ingest/deadLetterRaw.ts';
import type { LiveIngest } from '../ingest/liveSource.ts';
import type { IngestKeys } from '../ingest/keys.ts';
import { parseOr400 } from './validate.ts';

export interface ApiDeps {
  redis: Redis;
  ingest: LiveIngest;
  keys: IngestKeys;
  gatewayId: string;
  storage: 'redis' | 'embedded';
  now: () => number;
}

/** A stored dead letter as the API shows it; one stored whole by an older gateway is bounded here. */
function deadLetterItem(id: string, f: Record<string, string>): DeadLetter {
  const raw = f.raw ?? '';
  const item = { id, source: f.source as Source, entry: f.entry ?? '', reason: (f.reason ?? '').slice(0, 500) };
  if (f.rawBytes !== undefined) {
    const rawBytes = f.rawBytes === '' ? null : Number(f.rawBytes);
    return { ...item, raw, rawBytes, rawSha256: f.rawSha256 || null, rawTruncated: rawBytes !== null && rawBytes > Buffer.byteLength(raw) };
  }
  const b = boundRaw(raw);
  return { ...item, raw: b.raw, rawBytes: raw === '' ? null : b.rawBytes, rawSha256: raw === '' ? null : b.rawSha256, rawTruncated: b.truncated };
}

export function createApiRouter(d: ApiDeps): Router {
  const r = express.Router();

  r.get('/health', async (_req, res) => {
    const now = d.now();
    let redis: 'up' | 'down' = 'up';
    let lag: Awaited<ReturnType<LiveIngest['refreshLag']>> = null;
    try {
      await d.redis.ping();
      // Refreshes the figures /api/metrics and /metrics show too: all three agree.
      lag = await d.ingest.refreshLag();
    } catch {
      redis = 'down';
    }
    const feeds = {} as HealthResponse['feeds'];
    for (const s of SOURCES) {
      const last = d.ingest.state.sources[s].watermark;
      feeds[s] = {
        lastEventTs: last,
        ageSeconds: last === null ? null : Math.round((now - last) / 1000),
        lag: lag?.[s].lag ?? null,
        pending: lag?.[s].pending ?? 0,
        status: feedStatus(s, last, now),
      };
    }
    const body: HealthResponse = { ok: redis === 'up', gatewayId: d.gatewayId, storage: d.storage, redis, caughtUp: d.ingest.caughtUp, serverTime: now, feeds };
    res.status(redis === 'up' ? 200 : 503).json(body);
  });

  // The OpenAPI document: public (it describes the routes and holds no data), generated on first
  // request from the route table in shared/src/api/routes.ts, which tests/backend/openapi.test.ts
  // holds against the routes this app serves.
  let openApi: string | undefined;
  r.get('/openapi.json', (_req, res) => {
    openApi ??= JSON.stringify(openApiDocument(backendPackage.version));
    res.type('application/json').send(openApi);
  });

  r.get('/parks', requirePermission('metrics:read'), (_req, res) => {
    res.json({ parks: PARKS });
  });

  r.get('/metrics', requirePermission('metrics:read'), (_req, res) => {
    res.json(viewAt(d.ingest.state, d.now(), d.ingest.lag));
  });

  r.get('/metrics/series', requirePermission('metrics:read'), (req, res) => {
    const q = parseOr400(SeriesQuerySchema, req.query, res);
    if (!q) return;
    const body: SeriesResponse = { scope: q.scope, metric: q.metric, step: q.step, points: seriesOf(d.ingest.state, q.scope, q.metric, q.from, q.to, q.step) };
    res.json(body);
  });

  r.get('/feeds', requirePermission('feeds:read'), async (_req, res) => {
    const now = d.now();
    const view = viewAt(d.ingest.state, now);
    const lag = await d.ingest.refreshLag();
    const feeds = {} as FeedsResponse['feeds'];
    for (const s of SOURCES) feeds[s] = { ...view.feeds[s], lag: lag?.[s].lag ?? null, pending: lag?.[s].pending ?? 0, status: feedStatus(s, view.feeds[s].lastEventTs, now) };
    res.json({ feeds } satisfies FeedsResponse);
  });

  r.get('/dead-letters', requirePermission('deadletters:read'), async (req, res) => {
    const q = parseOr400(DeadLettersQuerySchema, req.query, res);
    if (!q) return;
    const items: DeadLetter[] = [];
    let end = q.before ? `(${q.before}` : '+';
    let next: string | null = null;
    // Filtering by source pages through the stream until the page is full or the stream ends.
    for (let rounds = 0; items.length < q.limit && rounds < 20; rounds++) {
      const page = await d.redis.xrevrange(d.keys.deadLetters, end, '-', 'COUNT', q.limit);
      for (const [id, flat] of page) {
        const f: Record<string, string> = {};
        for (let i = 0; i < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
        next = id;
        if (q.source && f.source !== q.source) continue;
        items.push(deadLetterItem(id, f));
        if (items.length === q.limit) break;
      }
      if (page.length < q.limit) {
        if (items.length < q.limit) next = null;
        break;
      }
      end = `(${page[page.length - 1]![0]}`;
    }
    res.json({ items, next } satisfies DeadLettersResponse);
  });

  return r;
}
