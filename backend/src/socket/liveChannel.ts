// Live rooms as a channel kind: join the room, then the missed deltas or a snapshot.
import type { Room } from '@torch/shared';
import type { Publisher } from './publisher.ts';
import type { ChannelKind } from './types.ts';

export function liveChannels(publisher: Publisher): ChannelKind {
  return {
    async subscribe(socket, channel, resume) {
      const room = channel as Room;
      await socket.join(room);
      const up = publisher.catchUp(socket, room, resume);
      return { ok: true, data: { channel, ...up } };
    },
    unsubscribe(socket, channel) {
      void socket.leave(channel);
    },
  };
}

