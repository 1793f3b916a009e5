// The replay page's REST calls in one place: the bearer token added, an expired session refreshed
// once, every failure turned into a code from the shared list. The page takes this as an
// interface, so tests hand it canned answers.
import type { TFunction } from 'i18next';
import { ApiError, type ApiOptions, createSender } from '../net/http.ts';

/** The replay page's name for the shared API error. */
export { ApiError as ReplayApiError, type ApiOptions as ReplayApiOptions };
import {
  type AlertRecord, type AlertStatus, type AlertTransition, ERROR_CODES, type MetricsView, type ReplayControl, type ReplayInfo, type Rule, type Speed,
} from '@torch/shared';
import { dateTime } from './time.ts';

export type LiveAlert = AlertRecord & { status: AlertStatus; silenced: boolean };

export interface DensityPoint {
  t: number;
  v: number;
}

export interface OpenRequest {
  from: number;
  to: number;
  speed?: Speed;
  sources?: string[];
  parks?: string[];
}

/** The most live alerts the page asks for in one range. */
export const LIVE_ALERTS_LIMIT = 500;

/** POST /api/replay/dry-run: a draft rule file (YAML or JSON text) over a recorded period. */
export interface DryRunRequest {
  from: number;
  to: number;
  rules: string;
}

export interface DryRunResult {
  from: number;
  to: number;
  /** How many rules the draft holds. */
  rules: number;
  /** What the draft would have raised and resolved, in log order. Nothing was notified or stored. */
  transitions: AlertTransition[];
}

export interface ReplayApi {
  open(req: OpenRequest): Promise<ReplayInfo>;
  get(id: string): Promise<{ info: ReplayInfo; view: MetricsView; alerts: AlertTransition[] }>;
  control(id: string, c: ReplayControl): Promise<ReplayInfo>;
  close(id: string): Promise<void>;
  density(from: number, to: number, step: 'hour' | 'day'): Promise<DensityPoint[]>;
  /** Alerts that fired live in the range (newest first, as the gateway lists them). */
  alerts(from: number, to: number, limit?: number): Promise<LiveAlert[]>;
  /** The range as NDJSON: a blob and the name the gateway suggests. */
  exportRange(from: number, to: number): Promise<{ blob: Blob; filename: string }>;
  /** What a draft rule file would have raised over the range; a draft with a mistake is a BAD_REQUEST naming the rule and field. */
  dryRun(req: DryRunRequest): Promise<DryRunResult>;
  /** The rules in force, as the gateway parsed them (GET /api/alerts/rules). */
  rulesInForce(): Promise<Rule[]>;
}

export function createReplayApi(o: ApiOptions): ReplayApi {
  const { send, json } = createSender(o);
  const session = (id: string) => `/api/replay/sessions/${encodeURIComponent(id)}`;
  const range = (from: number, to: number) => `from=${Math.floor(from)}&to=${Math.floor(to)}`;

  return {
    open: (req) => json('POST', '/api/replay/sessions', req),
    get: (id) => json('GET', session(id)),
    control: (id, c) => json('POST', `${session(id)}/control`, c),
    async close(id) {
      await send('DELETE', session(id));
    },
    density: async (from, to, step) => (await json<{ points: DensityPoint[] }>('GET', `/api/replay/density?${range(from, to)}&step=${step}`)).points,
    alerts: async (from, to, limit = LIVE_ALERTS_LIMIT) => (await json<{ items: LiveAlert[] }>('GET', `/api/alerts?${range(from, to)}&limit=${limit}`)).items,
    async exportRange(from, to) {
      const res = await send('GET', `/api/replay/export?${range(from, to)}`);
      const disposition = res.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `torch-${from}.ndjson`;
      return { blob: await res.blob(), filename };
    },
    dryRun: (req) => json('POST', '/api/replay/dry-run', { from: Math.floor(req.from), to: Math.floor(req.to), rules: req.rules }),
    rulesInForce: async () => (await json<{ rules: Rule[] }>('GET', '/api/alerts/rules')).rules,
  };
}

/** Shanghai instants in the gateway's English messages ("…from 2026-11-20T14:03:00.000+08:00 on…"). */
const ISO_SHANGHAI = /\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?\+08:00/g;

export interface RetentionInfo {
  firstEvent: number | null;
  earliestStart: number | null;
}

/** What an OUT_OF_RETENTION message says, as instants: the oldest event and the earliest start. */
export function retentionOf(message: string): RetentionInfo {
  const found = [...message.matchAll(ISO_SHANGHAI)].map((m) => Date.parse(m[0]));
  return { firstEvent: found[0] ?? null, earliestStart: found[1] ?? found[0] ?? null };
}

/**
 * The error in the page's language: the shared text for the code, never the server's English —
 * except the instants an OUT_OF_RETENTION message names, which are written out in Shanghai time.
 */
export function replayErrorText(e: unknown, t: TFunction, lang: 'zh' | 'en'): string {
  if (e instanceof ApiError) {
    if (e.code === 'NETWORK') return t('replayPage.error.network');
    const base = ERROR_CODES[e.code][lang];
    const sep = lang === 'zh' ? '。' : '. ';
    if (e.code === 'OUT_OF_RETENTION') {
      const r = retentionOf(e.message);
      if (r.firstEvent === null) return `${base}${sep}${t('replayPage.notice.noEvents')}`;
      const parts = [t('replayPage.notice.earliest', { time: dateTime(r.earliestStart!) }), t('replayPage.notice.firstEvent', { time: dateTime(r.firstEvent) })];
      return `${base}${sep}${parts.join(lang === 'zh' ? '；' : '; ')}`;
    }
    return e.code === 'BAD_REQUEST' && e.message ? `${base}${lang === 'zh' ? '：' : ': '}${e.message}` : base;
  }
  return t('replayPage.error.generic', { message: String((e as Error)?.message ?? e) });
}
