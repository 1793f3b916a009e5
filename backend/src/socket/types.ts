// The typed Socket.IO server and socket of the gateway, and what a channel kind provides.
import type { Server, Socket } from 'socket.io';
import type { Ack, Channel, ChannelPosition, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData, SubscribeResult } from '@torch/shared';

export type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * One kind of channel (live rooms, replay sessions, alerts): how a socket subscribes to it and
 * leaves it. `subscribe` sends what brings the socket up to date before it answers, so the client
 * knows it is current when the answer arrives; `again` is true when the socket already had it (it
 * is resuming after a gap).
 */
export interface ChannelKind {
  subscribe(socket: GatewaySocket, channel: Channel, resume: ChannelPosition | undefined, again: boolean): Promise<Ack<SubscribeResult>>;
  unsubscribe(socket: GatewaySocket, channel: Channel): void;
}

/** The acknowledgement callback a client passed, or a no-op when it passed none. */
export function replyTo<T>(ack: unknown): (r: Ack<T>) => void {
  return typeof ack === 'function' ? (ack as (r: Ack<T>) => void) : () => {};
}
