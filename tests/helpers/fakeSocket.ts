// A socket.io client that delivers what the test says, when it says (no network): for the page's
// connection (frontend/src/net/connection.ts), which takes its socket from an `open` function.
import type { ClientSocket, OpenSocket } from '../../frontend/src/net/connection.ts';

type Handler = (...args: unknown[]) => void;

export class FakeSocket {
  connected = false;
  active = true;
  closed = false;
  connects = 0;
  /** Every emit, in order: [event, payload]. */
  sent: [string, unknown][] = [];
  /** Emits that wait for an answer: call cb(err, answer) (timeout emits) or cb(answer). */
  pending: { event: string; payload: unknown; cb: Handler; timeout: boolean }[] = [];
  /** What the handshake would present. */
  auth: (() => Record<string, unknown>) | null = null;
  private handlers = new Map<string, Set<Handler>>();

  on(event: string, fn: Handler) {
    (this.handlers.get(event) ?? this.handlers.set(event, new Set()).get(event)!).add(fn);
    return this;
  }
  off(event: string, fn: Handler) {
    this.handlers.get(event)?.delete(fn);
    return this;
  }
  emit(event: string, payload: unknown, cb?: Handler) {
    this.sent.push([event, payload]);
    if (cb) this.pending.push({ event, payload, cb, timeout: false });
    return this;
  }
  timeout() {
    return { emit: (event: string, payload: unknown, cb: Handler) => {
      this.sent.push([event, payload]);
      this.pending.push({ event, payload, cb, timeout: true });
    } };
  }
  connect() {
    this.connects++;
  }
  close() {
    this.closed = true;
    this.connected = false;
  }
  fire(event: string, ...args: unknown[]) {
    for (const fn of [...(this.handlers.get(event) ?? [])]) fn(...args);
  }
  listeners(event: string) {
    return this.handlers.get(event)?.size ?? 0;
  }
  /** The connection comes up (or back). */
  up() {
    this.connected = true;
    this.fire('connect');
  }
  /** The connection drops. */
  down() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  /** Answer the oldest pending emit of this event. */
  answer(event: string, answer: unknown) {
    const i = this.pending.findIndex((p) => p.event === event);
    if (i < 0) throw new Error(`nothing pending for ${event}`);
    const [p] = this.pending.splice(i, 1);
    if (p!.timeout) p!.cb(null, answer);
    else p!.cb(answer);
  }
}

/** An `open` for Connection that hands out fake sockets and keeps them for the test. */
export function fakeOpen(): { open: OpenSocket; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  const open: OpenSocket = (auth) => {
    const s = new FakeSocket();
    s.auth = () => {
      let data: Record<string, unknown> = {};
      auth((d) => (data = d as Record<string, unknown>));
      return data;
    };
    sockets.push(s);
    return s as unknown as ClientSocket;
  };
  return { open, sockets };
}
