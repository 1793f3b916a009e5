// The last handlers of the app: unknown routes and every thrown error become a JSON failure with a
// fixed code. Nothing else (stack, driver message) reaches a client; the log gets the detail.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ERROR_CODES, failure } from '@torch/shared';

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json(failure('NOT_FOUND'));
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: { type?: string; status?: number; message?: string }, req, res, _next) => {
    if (res.headersSent) return;
    if (err.type === 'entity.too.large') return void res.status(413).json(failure('PAYLOAD_TOO_LARGE'));
    if (err.type === 'entity.parse.failed') return void res.status(400).json(failure('BAD_REQUEST', 'The body is not valid JSON'));
    const redisDown = /Connection is closed|ECONNREFUSED|Stream isn't writeable|max retries/i.test(err.message ?? '');
    log.error({ err: err.message, path: req.path }, 'request failed');
    const code = redisDown ? 'UNAVAILABLE' : 'INTERNAL';
    res.status(ERROR_CODES[code].status).json(failure(code));
  };
}
