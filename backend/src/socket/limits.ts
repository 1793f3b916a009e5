// Bounds on what one token or one address can make the socket layer do. Each `subscribe` answers
// with a full snapshot (~59 KB): 2,000 of them from one display token cost 4.9 s of gateway CPU
// and 118 MB of output. So:
//   - sockets at once per token (a display token, or a person's account) and per client address,
//     refused at the handshake with a RATE_LIMITED connect_error saying which limit;
//   - inbound events per socket: past the budget an event is refused (its ack, if any, gets
//     RATE_LIMITED, and the socket a `notice` once per window), and a socket that keeps sending
//     past it is disconnected.
// Counts are per gateway. Behind a reverse proxy the address comes from X-Forwarded-For, trusted
// for as many hops as TRUST_PROXY says (as Express does for the REST rate limit).
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ERROR_CODES, failure } from '@torch/shared';
import type { GatewaySocket, IO } from './types.ts';

export interface SocketLimits {
  perToken: number;
  perIp: number;
  /** Inbound events per socket per 10 s. */
  eventsPer10s: number;
  /** Hops of X-Forwarded-For to trust (TRUST_PROXY). */
  trustProxy: number;
}

/** Refused events after which a socket is disconnected: it is not a page, it is a loop. */
export const ABUSE_STRIKES = 50;

/** The client's address: the peer, or with `hops` trusted proxies, the address they forwarded. */
export function clientAddress(handshake: Pick<GatewaySocket['handshake'], 'address' | 'headers'>, hops: number): string {
  const header = handshake.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // Right to left: the peer, then what each trusted proxy says it saw.
  const chain = [handshake.address, ...forwarded.reverse()];
  return chain[Math.min(hops, chain.length - 1)]!;
}

function refusal(message: string): Error {
  return Object.assign(new Error(message), { data: failure('RATE_LIMITED', message) });
}

/** Register after authentication (the token's identity is known). */
export function limitSockets(io: IO, limits: SocketLimits, log: Logger): void {
  const byToken = new Map<string, number>();
  const byIp = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number) => {
    const v = (m.get(k) ?? 0) + n;
    if (v > 0) m.set(k, v);
    else m.delete(k);
  };

  io.use((socket, next) => {
    const u = socket.data.user;
    const token = u.kind === 'display' ? `display:${u.jti}` : `user:${u.name}`;
    const ip = clientAddress(socket.handshake, limits.trustProxy);
    if ((byToken.get(token) ?? 0) >= limits.perToken) {
      log.warn({ user: u.name, kind: u.kind, ip }, 'socket refused: too many for one token');
      return next(refusal(`at most ${limits.perToken} connections at once per token; close another screen that uses it`));
    }
    if ((byIp.get(ip) ?? 0) >= limits.perIp) {
      log.warn({ user: u.name, ip }, 'socket refused: too many from one address');
      return next(refusal(`at most ${limits.perIp} connections at once from one address`));
    }
    add(byToken, token, 1);
    add(byIp, ip, 1);
    socket.once('disconnect', () => {
      add(byToken, token, -1);
      add(byIp, ip, -1);
    });
    next();
  });

  const events = new RateLimiterMemory({ points: limits.eventsPer10s, duration: 10 });
  const notice = { level: 'error' as const, code: 'RATE_LIMITED', zh: ERROR_CODES.RATE_LIMITED.zh, en: ERROR_CODES.RATE_LIMITED.en };
  io.on('connection', (socket: GatewaySocket) => {
    let strikes = 0;
    let noticed = 0;
    socket.use((packet, next) => {
      events.consume(socket.id).then(() => next(), (r: unknown) => {
        if (!(r instanceof RateLimiterRes)) return next(r as Error);
        const ack = packet[packet.length - 1];
        if (typeof ack === 'function') (ack as (a: unknown) => void)(failure('RATE_LIMITED', `at most ${limits.eventsPer10s} messages per 10 s on one connection`));
        // One notice per window, not one per refused event.
        if (Date.now() >= noticed) {
          noticed = Date.now() + r.msBeforeNext;
          socket.emit('notice', notice);
        }
        if (++strikes >= ABUSE_STRIKES) {
          log.warn({ user: socket.data.user.name, socket: socket.id, strikes }, 'socket disconnected: kept sending past its limit');
          socket.disconnect(true);
        }
      });
    });
    socket.once('disconnect', () => void events.delete(socket.id));
  });
}
