// Replay across gateways. A session lives on the gateway that opened it; with the Socket.IO Redis
// adapter installed, watchers on any gateway are in its room, and the other gateways reach the
// owner with Socket.IO's server-side emit (acknowledged), so an operator behind a load balancer
// can drive and watch a session wherever their requests land.
import type { Server } from 'socket.io';
import {
  type ClientToServerEvents, type InterServerEvents, type ReplayControl, ReplayControlSchema, type ReplayInfo, type ReplayRequest, type ReplayResponse,
  type ServerToClientEvents, type SocketData,
} from '@torch/shared';
import { errorText } from '@torch/simulators';
import type { ReplayManager } from './manager.ts';
import type { ReplaySession } from './session.ts';

type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export class ReplayCluster {
  constructor(private readonly io: IO, private readonly replays: ReplayManager, private readonly clustered: boolean) {
    io.on('replay_request', (req, ack) => {
      void this.serve(req).then(ack, (e: unknown) => {
        // ReplayResponse has no error for "failed here" (shared/src/api/socket.ts): the asking
        // gateway hears nothing from us, as before, and this log says why.
        this.replays.log.error({ err: errorText(e), session: req.id, op: req.op }, 'could not serve a replay request from another gateway');
        ack(null);
      });
    });
  }

  /** Answer a request about a session of this gateway; null when it is not ours. */
  async serve(req: ReplayRequest): Promise<ReplayResponse | null> {
    if (req.op === 'list') return { items: [...this.replays.sessions.values()].map((x) => x.info()) };
    const s = this.replays.get(req.id);
    if (!s) return null;
    s.touch();
    switch (req.op) {
      case 'get': {
        await s.settled();
        // A watcher that missed a message (it asks with socketId and where it stands) is caught up.
        const up = req.socketId ? this.catchUp(s, req) : null;
        return { info: s.info(), view: s.view(), alerts: s.alerts, ...(up ?? {}) };
      }
      case 'control': {
        const c = ReplayControlSchema.safeParse(req.control);
        if (!c.success) return { error: 'BAD_REQUEST', message: c.error.issues[0]?.message };
        await apply(s, c.data);
        s.publish();
        return { info: s.info() };
      }
      case 'close':
        this.replays.close(req.id);
        return { info: s.info() };
      case 'watch':
      case 'unwatch': {
        s.watchers = Math.max(0, s.watchers + (req.op === 'watch' ? 1 : -1));
        if (req.op === 'unwatch') return { info: s.info() };
        await s.settled();
        return { info: s.info(), ...(req.socketId ? this.catchUp(s, req) : {}) };
      }
    }
  }

  /** Send one watcher (on whichever gateway) what it needs, before the answer reaches it. */
  private catchUp(s: ReplaySession, req: ReplayRequest): { mode: 'snapshot' | 'delta'; seq: number } | null {
    const up = s.catchUp(req.resume);
    if (!up) return null;
    for (const m of up.messages) this.io.to(req.socketId!).emit('view', m);
    return { mode: up.mode, seq: up.seq };
  }

  /** Every gateway's sessions. */
  async list(): Promise<ReplayInfo[]> {
    const mine = [...this.replays.sessions.values()].map((x) => x.info());
    if (!this.clustered) return mine;
    try {
      const answers = (await this.io.serverSideEmitWithAck('replay_request', { id: '', op: 'list' })) as (ReplayResponse | null)[];
      return [...mine, ...answers.flatMap((a) => (a && 'items' in a ? a.items : []))];
    } catch (e) {
      // Some gateway did not answer in time: list what is known rather than nothing.
      this.replays.log.warn({ err: errorText(e), op: 'list', found: mine.length }, 'other gateways did not answer for their replay sessions; listing this gateway\'s only');
      return mine;
    }
  }

  /** The same request, answered here or by whichever gateway owns the session. */
  async request(req: ReplayRequest): Promise<ReplayResponse> {
    const local = await this.serve(req);
    if (local) return local;
    if (!this.clustered) return { error: 'NOT_FOUND' };
    try {
      // The adapter's requestsTimeout bounds the wait for the other gateways.
      const answers = await this.io.serverSideEmitWithAck('replay_request', req);
      return (answers as (ReplayResponse | null)[]).find((a) => a !== null) ?? { error: 'NOT_FOUND' };
    } catch (e) {
      // The adapter timed out waiting for some gateway (one may be down, with its sessions).
      this.replays.log.warn({ err: errorText(e), session: req.id, op: req.op }, 'other gateways did not answer a replay request; answering not found');
      return { error: 'NOT_FOUND' };
    }
  }
}

export async function apply(s: ReplaySession, c: ReplayControl): Promise<void> {
  if (c.action === 'play') await s.play();
  else if (c.action === 'pause') await s.pause();
  else if (c.action === 'speed') await s.setSpeed(c.speed);
  else await s.seek(c.at);
}
