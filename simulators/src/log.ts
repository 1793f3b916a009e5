import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

/** Logs on stderr, so stdout stays free for data (the generate command's NDJSON): readable lines
 *  (pino-pretty) when stderr is a terminal, JSON lines otherwise. (The gateway has its own
 *  factory in backend/src/log.ts; this package may not import the backend.) */
export function makeLogger(level: string, name = 'simulator'): Logger {
  const options = { name, level, base: undefined };
  if (!process.stderr.isTTY) return pino(options, pino.destination({ dest: 2, sync: true }));
  return pino(options, PinoPretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss.l' }));
}
export type { Logger };

/** The message of a thrown value, for a log line's `err` field (not everything thrown is an Error). */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return typeof e === 'string' ? e : String(e);
}
