// The replay page's REST calls in one place: the bearer token added, an expired session refreshed
// once, every failure turned into a code from the shared list. The page takes this as an
// interface, so tests hand it canned answers.
import type { TFunction } from 'i18next';
import {
  type AlertRecord, type AlertStatus, type AlertTransition, ERROR_CODES, type ErrorCode, type MetricsView, type ReplayControl, type ReplayInfo, type Speed,
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
}

export class ReplayApiError extends Error {
  constructor(readonly code: ErrorCode | 'NETWORK', message: string, readonly status: number) {
    super(message);
  }
}

export interface ReplayApiOptions {
  token: () => string | null;
  /** A fresh access token, or null when the session cannot be renewed. */
  refresh: () => Promise<string | null>;
  /** The caller is no longer signed in (the page goes to the login form). */
  onSignedOut: () => void;
  fetch?: typeof fetch;
}

export function createReplayApi(o: ReplayApiOptions): ReplayApi {
  const doFetch = o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function send(method: string, path: string, body?: unknown, retried = false): Promise<Response> {
    const token = o.token();
    let res: Response;
    try {
      res = await doFetch(path, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw new ReplayApiError('NETWORK', (e as Error).message, 0);
    }
    if (res.status === 401 && !retried) {
      const fresh = await o.refresh().catch(() => null);
      if (fresh) return send(method, path, body, true);
    }
    if (!res.ok) {
      let code: ErrorCode = 'INTERNAL';
      let message = res.statusText;
      try {
        const b = (await res.json()) as { error?: { code?: string; message?: string } };
        if (b.error?.code && b.error.code in ERROR_CODES) code = b.error.code as ErrorCode;
        message = b.error?.message ?? message;
      } catch {
        /* not JSON: keep the status text */
      }
      if (res.status === 401) o.onSignedOut();
      throw new ReplayApiError(code, message, res.status);
    }
    return res;
  }
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => (await send(method, path, body)).json() as Promise<T>;
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
    alerts: async (from, to, limit = 500) => (await json<{ items: LiveAlert[] }>('GET', `/api/alerts?${range(from, to)}&limit=${limit}`)).items,
    async exportRange(from, to) {
      const res = await send('GET', `/api/replay/export?${range(from, to)}`);
      const disposition = res.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `torch-${from}.ndjson`;
      return { blob: await res.blob(), filename };
    },
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
  if (e instanceof ReplayApiError) {
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
