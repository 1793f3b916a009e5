// The gateway's logger, for main.ts and start.ts: readable lines (pino-pretty) when stdout is a
// terminal, JSON lines otherwise (docker, systemd, files, pipes: what log collectors read).
import { type Logger, type LoggerOptions, pino } from 'pino';
import { PinoPretty } from 'pino-pretty';

export function createLogger(options: LoggerOptions): Logger {
  if (!process.stdout.isTTY) return pino(options);
  return pino(options, PinoPretty({ destination: 1, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
}
