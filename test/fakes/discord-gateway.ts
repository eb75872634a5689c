// A fake Discord gateway (v10, JSON encoding, no compression) on 127.0.0.1, speaking the protocol
// @discordjs/ws expects: HELLO → IDENTIFY → READY → GUILD_CREATE…, heartbeats, dispatches, RESUME.
// Sharded as Discord is: IDENTIFY's `shard: [id, count]` is validated (4010 otherwise), each session
// gets the events of the guilds with `(guild_id >> 22) % count === id` and the DMs only on shard 0,
// and several sessions on the same shard (one token started twice) each get every one of them.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Gateway opcodes used here. */
const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Reconnect: 7, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

/** `[shard_id, num_shards]` as IDENTIFY and READY carry it. */
export type ShardInfo = [id: number, count: number];

/** The shard Discord sends an event to: its guild's, `(guild_id >> 22) % count`; DMs (no guild) go to shard 0. */
export function shardOf(payload: unknown, count: number): number {
  const guildId = (payload as { guild_id?: unknown } | null)?.guild_id;
  return typeof guildId === 'string' ? Number((BigInt(guildId) >> 22n) % BigInt(count)) : 0;
}

/** One identified session: its shard, its own sequence and what it was sent (for RESUME). */
interface Session {
  id: string;
  shard: ShardInfo;
  socket: WebSocket | undefined;
  sequence: number;
  sent: GatewayFrame[];
}

/** A frame sent to the client. */
export interface GatewayFrame {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

/** Settings of {@link startFakeDiscordGateway}. */
export interface FakeDiscordGatewayOptions {
  /** The `user` of READY: the bot. */
  botUser: Record<string, any>;
  application: { id: string; flags: number };
  /** Full GUILD_CREATE payloads sent after READY, one per guild. */
  guilds: Record<string, any>[];
  /** HELLO's heartbeat interval (default 41,250 ms, like Discord). */
  heartbeatIntervalMs?: number;
  /** When set, an IDENTIFY with another token is closed with 4004 (Authentication failed), as Discord does. */
  token?: string;
  /**
   * Whether the application may use the privileged Message Content intent (the portal's toggle,
   * default true). When false, an IDENTIFY asking for it is closed with 4014 (Disallowed intent(s)).
   */
  messageContentIntent?: boolean;
}

// The privileged MESSAGE_CONTENT bit of IDENTIFY's intents.
const MESSAGE_CONTENT_INTENT = 1 << 15;

/** A running fake gateway. */
export interface FakeDiscordGateway {
  /** `ws://127.0.0.1:<port>`; `GET /gateway/bot` hands this out. */
  url: string;
  /** Every payload the client sent (IDENTIFY, heartbeats, RESUME…), oldest first. */
  received: { op: number; d: any }[];
  /** How many IDENTIFYs and RESUMEs arrived. */
  readonly identifies: number;
  readonly resumes: number;
  /** The shard of every session identified so far, oldest first. */
  readonly shards: ShardInfo[];
  /**
   * Sends a dispatch event to every connected session of the shard it belongs to ({@link shardOf}),
   * each with its session's next sequence number; returns how many sessions it reached.
   */
  dispatch(type: string, payload: unknown): number;
  /**
   * Closes the connection with a resumable code; when the client RESUMEs, replays every event after
   * its sequence plus the last `replayAlreadySeen` it had already received (what duplicates work).
   */
  dropConnection(options?: { replayAlreadySeen?: number }): void;
  /** Closes every connection with `code` (e.g. 4004: a close after which discord.js does not reconnect). */
  closeWith(code: number, reason: string): void;
  /** Resolves once a client has identified and received READY + GUILD_CREATEs (or resumed). */
  whenSessionReady(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the fake gateway at a free port. */
export async function startFakeDiscordGateway(options: FakeDiscordGatewayOptions): Promise<FakeDiscordGateway> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessions = new Map<string, Session>();
  let sessionCounter = 0;
  let identifies = 0;
  let resumes = 0;
  let replayAlreadySeen = 0;
  let readyWaiters: (() => void)[] = [];

  const sessionReady = () => {
    const waiters = readyWaiters;
    readyWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const frame = (session: Session, t: string, d: unknown): GatewayFrame => {
    const item = { op: Op.Dispatch, d, s: ++session.sequence, t };
    session.sent.push(item);
    return item;
  };
  const send = (session: Session, t: string, d: unknown) => session.socket?.send(JSON.stringify(frame(session, t, d)));
  const live = () => [...sessions.values()].filter((session) => session.socket);
  const guildsOf = (shard: ShardInfo) => options.guilds.filter((guild) => shardOf({ guild_id: guild.id }, shard[1]) === shard[0]);

  server.on('connection', (socket, request) => {
    // discord.js connects with ?v=10&encoding=json and no compression; anything else would be a bug here.
    const query = new URL(request.url ?? '/', url).searchParams;
    if (query.get('encoding') !== 'json' || query.get('compress')) {
      socket.close(4002, 'fake gateway speaks uncompressed JSON only');
      return;
    }
    socket.send(JSON.stringify({ op: Op.Hello, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 }, s: null, t: null }));
    socket.on('message', (data) => {
      let payload: { op: number; d: any };
      try {
        payload = JSON.parse(String(data));
      } catch {
        socket.close(4002, 'decode error');
        return;
      }
      fake.received.push(payload);
      switch (payload.op) {
        case Op.Heartbeat:
          socket.send(JSON.stringify({ op: Op.HeartbeatAck, d: null, s: null, t: null }));
          break;
        case Op.Identify: {
          identifies++;
          if (options.token !== undefined && String(payload.d?.token).replace(/^Bot /, '') !== options.token) {
            socket.close(4004, 'Authentication failed.');
            break;
          }
          if (options.messageContentIntent === false && (Number(payload.d?.intents) & MESSAGE_CONTENT_INTENT) !== 0) {
            socket.close(4014, 'Disallowed intent(s).');
            break;
          }
          const shard = validShard(payload.d?.shard);
          if (!shard) {
            socket.close(4010, 'Invalid shard.');
            break;
          }
          const session: Session = { id: `fake-session-${++sessionCounter}`, shard, socket, sequence: 0, sent: [] };
          sessions.set(session.id, session);
          socket.on('close', () => session.socket === socket && (session.socket = undefined));
          send(session, 'READY', {
            v: 10,
            user: options.botUser,
            guilds: guildsOf(shard).map((guild) => ({ id: guild.id, unavailable: true })),
            session_id: session.id,
            session_type: 'normal',
            resume_gateway_url: url,
            shard,
            application: options.application,
            private_channels: [],
            relationships: [],
            user_settings: {},
            presences: [],
            geo_ordered_rtc_regions: [],
            guild_join_requests: [],
            auth: {},
            _trace: ['["fake-gateway",{"micros":0}]'],
          });
          for (const guild of guildsOf(shard)) send(session, 'GUILD_CREATE', guild);
          sessionReady();
          break;
        }
        case Op.Resume: {
          resumes++;
          const session = sessions.get(String(payload.d?.session_id));
          if (!session) {
            socket.send(JSON.stringify({ op: Op.InvalidSession, d: false, s: null, t: null }));
            break;
          }
          session.socket = socket;
          socket.on('close', () => session.socket === socket && (session.socket = undefined));
          const from = Number(payload.d.seq ?? 0) - replayAlreadySeen;
          replayAlreadySeen = 0;
          for (const item of session.sent) if (item.s !== null && item.s > from && item.t !== 'READY' && item.t !== 'GUILD_CREATE') socket.send(JSON.stringify(item));
          send(session, 'RESUMED', null);
          sessionReady();
          break;
        }
        default:
          break;
      }
    });
  });

  const fake: FakeDiscordGateway = {
    url,
    received: [],
    get identifies() {
      return identifies;
    },
    get resumes() {
      return resumes;
    },
    get shards() {
      return [...sessions.values()].map((session) => session.shard);
    },
    dispatch(type, payload) {
      const reached = live().filter((session) => shardOf(payload, session.shard[1]) === session.shard[0]);
      for (const session of reached) send(session, type, payload);
      return reached.length;
    },
    dropConnection(dropOptions = {}) {
      replayAlreadySeen = dropOptions.replayAlreadySeen ?? 0;
      // 4000 (unknown error) is one of the codes after which discord.js resumes the session.
      for (const session of live()) disconnect(session, 4000, 'fake gateway dropped the connection');
    },
    closeWith(code, reason) {
      for (const session of live()) disconnect(session, code, reason);
    },
    whenSessionReady: () =>
      new Promise<void>((resolve) => {
        readyWaiters.push(resolve);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
  return fake;
}

function disconnect(session: Session, code: number, reason: string): void {
  session.socket?.close(code, reason);
  session.socket = undefined;
}

/** IDENTIFY's shard (absent means `[0, 1]`), or undefined when Discord would refuse it with 4010. */
function validShard(shard: unknown): ShardInfo | undefined {
  if (shard === undefined) return [0, 1];
  if (!Array.isArray(shard) || shard.length !== 2 || !shard.every(Number.isInteger)) return undefined;
  const [id, count] = shard as ShardInfo;
  return count >= 1 && id >= 0 && id < count ? [id, count] : undefined;
}
