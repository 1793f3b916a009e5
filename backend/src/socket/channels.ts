// Subscriptions: a socket asks for each channel it wants (nothing is joined on connect), and asks
// again with its position after a gap or a reconnect. Each channel kind (live, replay, alerts)
// says how to bring a subscriber up to date; this file only parses, bounds and dispatches.
import type { Logger } from 'pino';
import { type Channel, MAX_SUBSCRIPTIONS, SubscribeSchema, type SubscribeResult, UnsubscribeSchema, failure, isReplayChannel } from '@torch/shared';
import { type ChannelKind, type GatewaySocket, type IO, replyTo } from './types.ts';

export interface ChannelKinds {
  live: ChannelKind;
  replay: ChannelKind;
  alerts: ChannelKind;
}

const kindOf = (c: Channel): keyof ChannelKinds => (c === 'alerts' ? 'alerts' : isReplayChannel(c) ? 'replay' : 'live');

export function serveChannels(io: IO, kinds: ChannelKinds, log: Logger): void {
  io.on('connection', (socket: GatewaySocket) => {
    socket.on('subscribe', async (payload, ack) => {
      const reply = replyTo<SubscribeResult>(ack);
      const p = SubscribeSchema.safeParse(payload);
      if (!p.success) return reply(failure('BAD_REQUEST', p.error.issues[0]?.message ?? 'invalid payload'));
      const { channel, resume } = p.data;
      const again = socket.data.channels.has(channel);
      if (!again && socket.data.channels.size >= MAX_SUBSCRIPTIONS) return reply(failure('BAD_REQUEST', `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`));
      try {
        const r = await kinds[kindOf(channel)].subscribe(socket, channel, resume, again);
        if (r.ok && socket.connected) socket.data.channels.add(channel);
        reply(r);
      } catch (e) {
        log.error({ err: (e as Error).message, channel, socket: socket.id }, 'subscribe failed');
        reply(failure('UNAVAILABLE'));
      }
    });

    socket.on('unsubscribe', (payload, ack) => {
      const reply = replyTo<null>(ack);
      const p = UnsubscribeSchema.safeParse(payload);
      if (!p.success) return reply(failure('BAD_REQUEST', p.error.issues[0]?.message ?? 'invalid payload'));
      if (socket.data.channels.delete(p.data.channel)) kinds[kindOf(p.data.channel)].unsubscribe(socket, p.data.channel);
      reply({ ok: true, data: null });
    });

    socket.on('disconnect', () => {
      for (const c of socket.data.channels) kinds[kindOf(c)].unsubscribe(socket, c);
      socket.data.channels.clear();
    });
  });
}
