// The Socket.IO contract, typed once: the server is Server<ClientToServerEvents,
// ServerToClientEvents, …>, the client Socket<ServerToClientEvents, ClientToServerEvents>. Types are
// not validation: the gateway parses every client payload with the schemas below.
import { z } from 'zod';
import { PARK_IDS } from '../parks.ts';
import type { MetricsView } from '../metrics/view.ts';
import type { PathChange } from '../metrics/delta.ts';
import type { Ack } from './errors.ts';
import type { Role } from './auth.ts';
import type { AlertsMessage } from '../alerts/lifecycle.ts';
import type { ReplayInfo, ReplayMessage } from './replay.ts';

/** Bumped on any incompatible change; a wall on an older build is told to reload. */
export const PROTOCOL_VERSION = 1;

/** Rooms: the whole zone, or one park (deltas then carry that park's figures and the shared parts). */
export const RoomSchema = z.union([z.literal('zone'), z.templateLiteral(['park:', z.enum(PARK_IDS)])]);
export type Room = z.infer<typeof RoomSchema>;

export const ResumeSchema = z.object({ room: RoomSchema, epoch: z.string().max(64), lastSeq: z.number().int().min(0) }).strict();
export type ResumeRequest = z.infer<typeof ResumeSchema>;

export const HandshakeAuthSchema = z.object({
  token: z.string().min(10).max(4096),
  protocol: z.number().int(),
  /** A reconnecting client says where it was; it gets the missing deltas or a fresh snapshot. */
  resume: ResumeSchema.optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

export const SubscribeSchema = z.object({ room: RoomSchema }).strict();

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

export interface SnapshotMessage {
  type: 'snapshot';
  room: Room;
  /** Sequence numbers count within an epoch (one gateway process); a new epoch means a snapshot. */
  epoch: string;
  seq: number;
  view: MetricsView;
  /** True while the gateway is still working through the backlog (history replay at start). */
  catchingUp: boolean;
}

export interface DeltaMessage {
  type: 'delta';
  room: Room;
  epoch: string;
  seq: number;
  changes: PathChange[];
  catchingUp: boolean;
}

export interface NoticeMessage {
  level: 'info' | 'warn' | 'error';
  code: string;
  zh: string;
  en: string;
}

export interface ServerToClientEvents {
  hello: (m: HelloMessage) => void;
  snapshot: (m: SnapshotMessage) => void;
  delta: (m: DeltaMessage) => void;
  notice: (m: NoticeMessage) => void;
  /** The open alerts, on connect and whenever one fires, is acknowledged or resolves (on any gateway). */
  alerts: (m: AlertsMessage) => void;
  /** A replay session's view, to the sockets that joined it. */
  replay: (m: ReplayMessage) => void;
  /** The token expired or was revoked; the socket is closed right after. */
  session_ended: (m: { reason: 'expired' | 'revoked' }) => void;
}

export interface ClientToServerEvents {
  subscribe: (payload: z.input<typeof SubscribeSchema>, ack: (r: Ack<{ room: Room; seq: number }>) => void) => void;
  resume: (payload: z.input<typeof ResumeSchema>, ack: (r: Ack<{ mode: 'delta' | 'snapshot'; seq: number }>) => void) => void;
  /** Watch a replay session (operators, admins): a snapshot, then its deltas. */
  replay_join: (payload: z.input<typeof ReplayJoinSchema>, ack: (r: Ack<ReplayInfo>) => void) => void;
  replay_leave: (payload: z.input<typeof ReplayJoinSchema>, ack: (r: Ack<null>) => void) => void;
}

export const ReplayJoinSchema = z.object({ id: z.string().uuid() }).strict();

/** A replay session lives on the gateway that opened it; the others reach it through these. */
export interface ReplayRequest {
  id: string;
  op: 'get' | 'control' | 'close' | 'watch' | 'unwatch' | 'list';
  control?: unknown;
  /** For watch: the socket (on any gateway) that gets the snapshot. */
  socketId?: string;
}
export type ReplayResponse = { info: ReplayInfo; view?: unknown; alerts?: unknown[] } | { items: ReplayInfo[] } | { error: 'NOT_FOUND' | 'BAD_REQUEST'; message?: string };

export interface InterServerEvents {
  replay_request: (req: ReplayRequest, ack: (res: ReplayResponse | null) => void) => void;
}

export interface SocketData {
  user: { name: string; role: Role; kind: 'access' | 'display'; jti: string; exp: number };
  rooms: Set<Room>;
  /** Replay sessions this socket watches. */
  replays?: Set<string>;
}
