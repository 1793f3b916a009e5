// Replay sessions as a channel kind. A session may live on another gateway: the cluster reaches its
// owner, which counts the watcher and sends this socket the missed deltas or a snapshot; the
// owner's later deltas reach the session's room through the adapter.
import type { Logger } from 'pino';
import { can, failure } from '@torch/shared';
import type { ReplayCluster } from '../replay/cluster.ts';
import type { ChannelKind } from './types.ts';

export function replayChannels(cluster: () => ReplayCluster | null, log: Logger): ChannelKind {
  return {
    async subscribe(socket, channel, resume, again) {
      if (!can(socket.data.user.role, 'replay:use')) return failure('FORBIDDEN');
      const c = cluster();
      if (!c) return failure('NOT_FOUND');
      const id = channel.slice('replay:'.length);
      if (!again) await socket.join(channel);
      // A socket coming back after a gap asks again without being counted twice.
      const r = await c.request({ id, op: again ? 'get' : 'watch', socketId: socket.id, ...(resume ? { resume } : {}) });
      if (!('info' in r) || !r.mode) {
        if (!again) await socket.leave(channel);
        return failure('NOT_FOUND');
      }
      return { ok: true, data: { channel, mode: r.mode, seq: r.seq ?? 0 } };
    },
    unsubscribe(socket, channel) {
      void socket.leave(channel);
      const id = channel.slice('replay:'.length);
      cluster()?.request({ id, op: 'unwatch' }).catch((e: Error) => log.warn({ err: e.message, session: id }, 'could not count a replay watcher out'));
    },
  };
}
