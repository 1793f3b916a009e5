// The Socket.IO contract, typed once: the server is Server<ClientToServerEvents,
// ServerToClientEvents, …>, the client Socket<ServerToClientEvents, ClientToServerEvents>. Types are
// not validation: the gateway parses every client payload with the schemas below.
import { z } from 'zod';
import { PARK_IDS } from '../parks.ts';
import type { ChannelPosition, ViewMessage } from '../channel/channel.ts';
import type { Ack } from './errors.ts';
import type { Role } from './auth.ts';
import type { AlertsMessage } from '../alerts/lifecycle.ts';
import type { ReplayAlert, ReplayInfo } from './replay.ts';
import type { WallAlertsMessage } from './wallAlerts.ts';

/**
 * Bumped on any incompatible change; a page on an older build is told to reload.
 * 2: one view channel for live rooms and replay sessions (`view` messages), explicit subscriptions
 * (nothing is joined on connect), `session_renew`.
 * 3: the view's intraday reference days may be null (not in the store), with `sameTime` and `hour`
 *    (an older wall would crash on a null day); periods carry the bases of 同比 / 环比.
 * 4: a delta carries its changes as a tree (`patch`), and a screen's view is a ScreenView: parks
 *    reduced to their headline month-to-date figures, ratios to 0.1 %, read to the minute.
 * 5: a display token's `alerts` are the wall projection (no names, comments or silences; the ack's
 *    role instead of who): an older wall would show "undefined" for who acknowledged.
 */
export const PROTOCOL_VERSION = 5;

/** Live rooms: the whole zone, or one park (deltas then carry that park's figures and the shared parts). */
export const RoomSchema = z.union([z.literal('zone'), z.templateLiteral(['park:', z.enum(PARK_IDS)])]);
export type Room = z.infer<typeof RoomSchema>;

/** A replay session's view: `replay:<session id>`. */
export const ReplayChannelSchema = z.string().regex(/^replay:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'replay:<session id>');
export type ReplayChannel = `replay:${string}`;
export const replayChannel = (id: string): ReplayChannel => `replay:${id}`;

/** What a socket can subscribe to: a live room, a replay session, or the open alerts. */
export const ChannelSchema = z.union([RoomSchema, z.literal('alerts'), ReplayChannelSchema.transform((s) => s as ReplayChannel)]);
export type Channel = Room | 'alerts' | ReplayChannel;
export const isReplayChannel = (c: string): c is ReplayChannel => c.startsWith('replay:');

export const ChannelPositionSchema = z.object({ epoch: z.string().max(64), seq: z.number().int().min(0) }).strict();

export const HandshakeAuthSchema = z.object({
  token: z.string().min(10).max(4096),
  protocol: z.number().int(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

/** Subscribe, or (with `resume`) come back to a view channel: the missing deltas, or a fresh snapshot. */
export const SubscribeSchema = z.object({ channel: ChannelSchema, resume: ChannelPositionSchema.optional() }).strict();
export const UnsubscribeSchema = z.object({ channel: ChannelSchema }).strict();
/** A renewed access token for an open socket, so that it is not closed when the old one expires. */
export const SessionRenewSchema = z.object({ token: z.string().min(10).max(4096) }).strict();

/** At most this many subscriptions per socket (a page needs two or three). */
export const MAX_SUBSCRIPTIONS = 16;

export type StorageKind = 'redis' | 'embedded';

export interface HelloMessage {
  protocol: number;
  gatewayId: string;
  serverTime: number;
  storage: StorageKind;
  user: { name: string; role: Role };
  /** Throttle interval of deltas, ms. */
  deltaIntervalMs: number;
}

/** What a live room's messages say beside the view. */
export interface LiveMeta {
  kind: 'live';
  /** True while the gateway is still working through the backlog (history replay at start). */
  catchingUp: boolean;
}

/** What a replay session's messages say beside the view. */
export interface ReplayMeta {
  kind: 'replay';
  info: ReplayInfo;
  /** The replay's alert transitions, whole, when they changed (bounded to the newest 500). */
  alerts?: ReplayAlert[];
}

export type LiveMessage = ViewMessage<LiveMeta>;
export type ReplayViewMessage = ViewMessage<ReplayMeta>;
export type ChannelMessage = LiveMessage | ReplayViewMessage;

/** The answer to subscribe: how the client was brought up to date ('alerts': an alerts message). */
export interface SubscribeResult {
  channel: Channel;
  mode: 'snapshot' | 'delta' | 'alerts';
  /** The sequence the client stands at once the messages sent before this answer are applied. */
  seq: number;
}

export interface NoticeMessage {
  level: 'info' | 'warn' | 'error';
  code: string;
  zh: string;
  en: string;
}

export interface ServerToClientEvents {
  hello: (m: HelloMessage) => void;
  /** A view channel's snapshot or delta (live room or replay session). */
  view: (m: ChannelMessage) => void;
  /** Something the page should know; `error` with code RATE_LIMITED: the socket sent too many messages (refused; it is disconnected if it goes on). */
  notice: (m: NoticeMessage) => void;
  /** The open alerts, on subscribe and whenever one fires, is acknowledged or resolves (on any gateway); a display token gets them projected for walls. */
  alerts: (m: AlertsMessage | WallAlertsMessage) => void;
  /** The token expired or was revoked; the socket is closed right after. */
  session_ended: (m: { reason: 'expired' | 'revoked' }) => void;
}

export interface ClientToServerEvents {
  subscribe: (payload: z.input<typeof SubscribeSchema>, ack: (r: Ack<SubscribeResult>) => void) => void;
  unsubscribe: (payload: z.input<typeof UnsubscribeSchema>, ack: (r: Ack<null>) => void) => void;
  session_renew: (payload: z.input<typeof SessionRenewSchema>, ack: (r: Ack<{ exp: number }>) => void) => void;
}

/** A replay session lives on the gateway that opened it; the others reach it through these. */
export interface ReplayRequest {
  id: string;
  op: 'get' | 'control' | 'close' | 'watch' | 'unwatch' | 'list';
  control?: unknown;
  /** For watch: the socket (on any gateway) that gets the snapshot or the missed deltas. */
  socketId?: string;
  /** For watch: where that socket stands, when it comes back. */
  resume?: ChannelPosition;
}
export type ReplayResponse =
  | { info: ReplayInfo; view?: unknown; alerts?: unknown[]; mode?: 'snapshot' | 'delta'; seq?: number }
  | { items: ReplayInfo[] }
  | { error: 'NOT_FOUND' | 'BAD_REQUEST'; message?: string };

export interface InterServerEvents {
  replay_request: (req: ReplayRequest, ack: (res: ReplayResponse | null) => void) => void;
}

export interface SocketData {
  user: { name: string; role: Role; kind: 'access' | 'display'; jti: string; exp: number; sid?: string };
  /** What this socket subscribed to. */
  channels: Set<Channel>;
}
