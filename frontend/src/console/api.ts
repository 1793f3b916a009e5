// The console's REST calls in one place: the bearer token added, an expired session refreshed once,
// and every failure turned into a code from the shared list, which the screens translate. The
// console takes this as an interface, so tests can hand it canned answers.
import type { TFunction } from 'i18next';
import { ApiError, type ApiOptions, createSender } from '../net/http.ts';

export { ApiError, type ApiOptions };
import {
  type AlertDetailResponse, type AlertRecord, type AlertStatus, type AlertsResponse, type AuditEntry, ERROR_CODES,
  type MetricId, type Rule, type Scope, type SeriesResponse, type Silence, type SilenceRequest,
} from '@torch/shared';

/** GET /api/alerts/rules. The status type lives in the backend only, so it is restated here. */
export interface RulesResponse {
  status: { file: string; loadedAt: number | null; rules: number; errors: string[] | null };
  rules: Rule[];
}

export interface AlertsApi {
  list(query: URLSearchParams): Promise<AlertsResponse>;
  detail(id: string): Promise<AlertDetailResponse>;
  ack(id: string, version: number, comment: string): Promise<{ alert: AlertRecord & { status: AlertStatus; silenced: boolean } }>;
  silences(): Promise<{ items: Silence[] }>;
  createSilence(req: SilenceRequest): Promise<Silence>;
  endSilence(id: string): Promise<Silence>;
  rules(): Promise<RulesResponse>;
  audit(limit: number): Promise<{ items: AuditEntry[] }>;
  series(scope: Scope, metric: MetricId, from: number, to: number): Promise<SeriesResponse>;
  /** Display names by login name (people who may read the audit trail). */
  names?(): Promise<{ names: Record<string, string> }>;
  /** The list as CSV, for the current filter: a blob and the name the gateway suggests. */
  csv(query: URLSearchParams): Promise<{ blob: Blob; filename: string }>;
}

export function createApi(o: ApiOptions): AlertsApi {
  const { send, json } = createSender(o);
  const alertPath = (id: string) => `/api/alerts/${encodeURIComponent(id)}`;

  return {
    list: (q) => json('GET', `/api/alerts?${q}`),
    detail: (id) => json('GET', alertPath(id)),
    ack: (id, version, comment) => json('POST', `${alertPath(id)}/ack`, { version, comment }),
    silences: () => json('GET', '/api/alerts/silences'),
    createSilence: (req) => json('POST', '/api/alerts/silences', req),
    endSilence: (id) => json('DELETE', `/api/alerts/silences/${encodeURIComponent(id)}`),
    rules: () => json('GET', '/api/alerts/rules'),
    audit: (limit) => json('GET', `/api/alerts/audit?limit=${limit}`),
    names: () => json('GET', '/api/users/names'),
    series: (scope, metric, from, to) => json('GET', `/api/metrics/series?${new URLSearchParams({ scope, metric, from: String(from), to: String(to), step: 'hour' })}`),
    async csv(q) {
      const query = new URLSearchParams(q);
      query.set('format', 'csv');
      query.set('limit', '2000');
      const res = await send('GET', `/api/alerts?${query}`);
      const disposition = res.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'alerts.csv';
      return { blob: await res.blob(), filename };
    },
  };
}

/** The error in the screen's language: the shared text for the code, not the server's English. */
export function errorText(e: unknown, t: TFunction, lang: 'zh' | 'en'): string {
  if (e instanceof ApiError) {
    if (e.code === 'NETWORK') return t('console.error.network');
    const base = ERROR_CODES[e.code][lang];
    // A bad request names its field; the schema's message says how (in English).
    return e.code === 'BAD_REQUEST' && e.message ? `${base}${lang === 'zh' ? '：' : ': '}${e.message}` : base;
  }
  return t('console.error.generic', { message: String((e as Error)?.message ?? e) });
}
