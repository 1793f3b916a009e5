import { pino, type Logger } from 'pino';

/** Structured logs on stderr, so stdout stays free for data (the generate command's NDJSON). */
export function makeLogger(level: string, name = 'simulator'): Logger {
  return pino({ name, level, base: undefined }, pino.destination({ dest: 2, sync: true }));
}
export type { Logger };

/** The message of a thrown value, for a log line's `err` field (not everything thrown is an Error). */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return typeof e === 'string' ? e : String(e);
}
