// The screens' REST calls share one sender: the bearer token added, an expired session refreshed
// once, and every failure turned into a code from the shared list (which the screens translate),
// with the field the gateway names when it names one.
import { ERROR_CODES, type ErrorCode } from '@torch/shared';

export class ApiError extends Error {
  constructor(readonly code: ErrorCode | 'NETWORK', message: string, readonly status: number, readonly field?: string) {
    super(message);
  }
}

export interface ApiOptions {
  token: () => string | null;
  /** A fresh access token, or null when the session cannot be renewed. */
  refresh: () => Promise<string | null>;
  /** Called when the caller is no longer signed in (the screen goes to the login page). */
  onSignedOut: () => void;
  fetch?: typeof fetch;
}

export type Send = (method: string, path: string, body?: unknown) => Promise<Response>;

export function createSender(o: ApiOptions): { send: Send; json: <T>(method: string, path: string, body?: unknown) => Promise<T> } {
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
      throw new ApiError('NETWORK', (e as Error).message, 0);
    }
    if (res.status === 401 && !retried) {
      const fresh = await o.refresh().catch((e: unknown) => {
        console.warn('session renewal failed', e);
        return null;
      });
      if (fresh) return send(method, path, body, true);
    }
    if (!res.ok) {
      let code: ErrorCode = 'INTERNAL';
      let message = res.statusText;
      let field: string | undefined;
      try {
        const b = (await res.json()) as { error?: { code?: string; message?: string; field?: string } };
        if (b.error?.code && b.error.code in ERROR_CODES) code = b.error.code as ErrorCode;
        message = b.error?.message ?? message;
        if (typeof b.error?.field === 'string') field = b.error.field;
      } catch {
        /* not JSON: keep the status text */
      }
      if (res.status === 401) o.onSignedOut();
      throw new ApiError(code, message, res.status, field);
    }
    return res;
  }
  return {
    send: (method, path, body) => send(method, path, body),
    json: async <T>(method: string, path: string, body?: unknown): Promise<T> => (await send(method, path, body)).json() as Promise<T>,
  };
}
