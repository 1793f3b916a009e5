// The open alerts as a channel kind: the whole open list on subscribe and whenever it changes on
// any gateway (Redis pub/sub), coalesced so that a burst of changes is one message. People get the
// records whole; display tokens (walls) get them projected (shared/src/api/wallAlerts.ts), from a
// room of their own.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { can, failure, wallAlertsMessage } from '@torch/shared';
import type { AlertService } from '../alerts/service.ts';
import type { ChannelKind, IO } from './types.ts';

export const ALERTS_ROOM = 'alerts';
export const WALL_ALERTS_ROOM = 'alerts:wall';

export function alertChannels(alerts: AlertService | undefined, log: Logger): ChannelKind {
  return {
    async subscribe(socket, channel) {
      if (!alerts || !can(socket.data.user.role, 'alerts:wall')) return failure('FORBIDDEN');
      const whole = can(socket.data.user.role, 'alerts:read');
      await socket.join(whole ? ALERTS_ROOM : WALL_ALERTS_ROOM);
      try {
        const m = await alerts.message([]);
        socket.emit('alerts', whole ? m : wallAlertsMessage(m));
      } catch (e) {
        log.warn({ err: (e as Error).message, socket: socket.id }, 'could not read the open alerts for a subscriber');
        return failure('UNAVAILABLE');
      }
      return { ok: true, data: { channel, mode: 'alerts', seq: 0 } };
    },
    unsubscribe(socket) {
      void socket.leave(ALERTS_ROOM);
      void socket.leave(WALL_ALERTS_ROOM);
    },
  };
}

/** Push the open alerts to this gateway's subscribers when they change anywhere. Returns stop. */
export function pushAlertChanges(io: IO, alerts: AlertService, subscriber: Redis, log: Logger): () => void {
  const channel = alerts.store.keys.channel;
  let pendingIds: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const push = async () => {
    timer = null;
    const ids = pendingIds;
    pendingIds = [];
    await alerts.refreshSilences();
    const m = await alerts.message(ids);
    io.local.to(ALERTS_ROOM).emit('alerts', m);
    io.local.to(WALL_ALERTS_ROOM).emit('alerts', wallAlertsMessage(m));
  };
  const onMessage = (ch: string, payload: string) => {
    if (ch !== channel) return;
    try {
      pendingIds.push(...(JSON.parse(payload) as string[]).slice(0, 1000));
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'ignored an alert change notice that is not a JSON list of ids');
      return;
    }
    timer ??= setTimeout(() => void push().catch((e: Error) => log.warn({ err: e.message }, 'could not push alerts')), 100);
  };
  subscriber.on('message', onMessage);
  subscriber.subscribe(channel).catch((e: Error) => log.warn({ err: e.message }, 'could not subscribe to alert changes'));
  return () => {
    subscriber.off('message', onMessage);
    if (timer) clearTimeout(timer);
  };
}
