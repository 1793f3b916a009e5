// Who is on each socket, and for how long: the handshake checks the token, protocol version and
// role; a socket is closed when its token expires (unless renewed over `session_renew`) or is
// revoked (on any gateway, through pub/sub; re-checked after the pub/sub connection comes back),
// or when its user's session ends (signed out, account disabled, removed, re-passworded).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { HandshakeAuthSchema, PROTOCOL_VERSION, SessionRenewSchema, can, failure } from '@torch/shared';
import { AuthError, type AuthStore, type SessionChange, type TokenService, authenticateToken, watchSessions } from '../auth/index.ts';
import { type GatewaySocket, type IO, replyTo } from './types.ts';

export interface SessionDeps {
  tokens: TokenService;
  store: AuthStore;
  log: Logger;
  now: () => number;
}

type RefusalCode = 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'FORBIDDEN' | 'PROTOCOL_MISMATCH' | 'BAD_REQUEST' | 'UNAVAILABLE';

function refusal(code: RefusalCode): Error {
  return Object.assign(new Error(code), { data: failure(code) });
}

/** Handshake: a valid token of a role that may read metrics, and the same protocol version. */
export function authenticateSockets(io: IO, d: SessionDeps): void {
  io.use(async (socket, next) => {
    const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(refusal(typeof socket.handshake.auth?.token === 'string' ? 'BAD_REQUEST' : 'UNAUTHENTICATED'));
    if (parsed.data.protocol !== PROTOCOL_VERSION) return next(refusal('PROTOCOL_MISMATCH'));
    try {
      const claims = await authenticateToken(parsed.data.token, d.tokens, d.store);
      if (!can(claims.role, 'metrics:read')) return next(refusal('FORBIDDEN'));
      socket.data.user = { name: claims.sub, role: claims.role, kind: claims.kind, jti: claims.jti, exp: claims.exp, ...(claims.sid ? { sid: claims.sid } : {}) };
      socket.data.channels = new Set();
      next();
    } catch (e) {
      if (e instanceof AuthError) return next(refusal(e.code));
      d.log.error({ err: (e as Error).message }, 'socket authentication failed');
      next(refusal('UNAVAILABLE'));
    }
  });
}

function end(socket: GatewaySocket, reason: 'expired' | 'revoked'): void {
  socket.emit('session_ended', { reason });
  socket.disconnect(true);
}

/** Close each socket when its token runs out; a renewed token moves the end. Returns stop. */
export function expireSessions(io: IO, d: SessionDeps): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  // A timer holds at most ~24.8 days, so a display token valid for a year re-arms in steps.
  const arm = (socket: GatewaySocket) => {
    clearTimeout(timers.get(socket.id));
    const ms = socket.data.user.exp * 1000 - d.now();
    if (ms <= 0) {
      timers.delete(socket.id);
      return end(socket, 'expired');
    }
    timers.set(socket.id, setTimeout(() => arm(socket), Math.min(ms, 2 ** 31 - 1)));
  };

  io.on('connection', (socket) => {
    arm(socket);
    // A signed-in page renews its access token every few minutes; it hands the new one to its
    // socket, which then stays open. Only the same person, with a token that is valid now.
    socket.on('session_renew', async (payload, ack) => {
      const reply = replyTo<{ exp: number }>(ack);
      const p = SessionRenewSchema.safeParse(payload);
      if (!p.success) return reply(failure('BAD_REQUEST', p.error.issues[0]?.message ?? 'invalid payload'));
      try {
        const claims = await authenticateToken(p.data.token, d.tokens, d.store);
        const user = socket.data.user;
        if (claims.sub !== user.name || claims.kind !== user.kind) return reply(failure('FORBIDDEN', 'a renewed token must be for the same account'));
        if (!can(claims.role, 'metrics:read')) return reply(failure('FORBIDDEN'));
        socket.data.user = { name: claims.sub, role: claims.role, kind: claims.kind, jti: claims.jti, exp: claims.exp, ...(claims.sid ? { sid: claims.sid } : {}) };
        arm(socket);
        reply({ ok: true, data: { exp: claims.exp } });
      } catch (e) {
        if (e instanceof AuthError) return reply(failure(e.code));
        d.log.error({ err: (e as Error).message, socket: socket.id }, 'socket session renewal failed');
        reply(failure('UNAVAILABLE'));
      }
    });
    socket.on('disconnect', () => {
      clearTimeout(timers.get(socket.id));
      timers.delete(socket.id);
    });
  });
  return () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  };
}

/** A revoked display token closes its walls at once, on every gateway. Returns stop. */
export function revokeSessions(io: IO, d: SessionDeps, subscriber: Redis): () => void {
  const channel = d.store.keys.revoked;
  const onMessage = (ch: string, jti: string) => {
    if (ch !== channel) return;
    for (const socket of io.of('/').sockets.values()) if (socket.data.user?.jti === jti) end(socket, 'revoked');
  };
  // Revocations published while the pub/sub connection was down were missed: check every display
  // socket again whenever it comes back.
  const recheck = async () => {
    for (const socket of io.of('/').sockets.values()) {
      const u = socket.data.user;
      if (u?.kind !== 'display') continue;
      let active = true;
      try {
        active = await d.store.isDisplayTokenActive(u.jti);
      } catch (e) {
        // Redis is back for pub/sub but not for this read: keep the wall, the next reconnect checks again.
        d.log.warn({ err: (e as Error).message, jti: u.jti }, 'could not re-check a display token after reconnecting');
      }
      if (!active) end(socket, 'revoked');
    }
  };
  let firstReady = true;
  const onReady = () => {
    if (firstReady) firstReady = false;
    else void recheck();
  };
  subscriber.on('message', onMessage);
  subscriber.on('ready', onReady);
  subscriber.subscribe(channel).catch((e: Error) => d.log.warn({ err: e.message }, 'could not subscribe to revocations'));
  return () => {
    subscriber.off('message', onMessage);
    subscriber.off('ready', onReady);
  };
}

/**
 * A user's sessions ended on some gateway (account disabled, removed, new password or role, signed
 * out): check the sockets concerned against the store at once and close those that no longer stand,
 * with `session_ended`. Returns stop.
 */
export function endSessions(io: IO, d: SessionDeps, subscriber: Redis): () => void {
  const concerned = (socket: GatewaySocket, change: SessionChange | 'all') => {
    const u = socket.data.user;
    if (u?.kind !== 'access') return false;
    return change === 'all' || ('user' in change ? u.name === change.user : u.sid === change.sid);
  };
  const onChange = (change: SessionChange | 'all') => {
    for (const socket of io.of('/').sockets.values()) {
      if (!concerned(socket, change)) continue;
      const u = socket.data.user;
      d.store.checkSession({ sub: u.name, role: u.role, kind: u.kind, jti: u.jti, exp: u.exp, ...(u.sid ? { sid: u.sid } : {}) }).then(
        () => {},
        (e: unknown) => {
          if (e instanceof AuthError) return end(socket, 'revoked');
          // Redis is unreachable for this read: keep the socket; the next change or reconnect checks again.
          d.log.warn({ err: (e as Error).message, user: u.name }, 'could not re-check a session');
        },
      );
    }
  };
  return watchSessions(d.store, subscriber, onChange, (e) => d.log.warn({ err: e.message }, 'could not subscribe to session changes'));
}
