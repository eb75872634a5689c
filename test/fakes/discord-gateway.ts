// A fake Discord gateway (v10, JSON encoding, no compression) on 127.0.0.1, speaking the protocol
// @discordjs/ws expects: HELLO → IDENTIFY → READY → GUILD_CREATE…, heartbeats, dispatches, RESUME.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Gateway opcodes used here. */
const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Reconnect: 7, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

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
  /** Sends a dispatch event with the next sequence number to every identified client; resolves with `s`. */
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
  const sent: GatewayFrame[] = [];
  let sequence = 0;
  let sessionCounter = 0;
  let sessionId = '';
  let identifies = 0;
  let resumes = 0;
  let replayAlreadySeen = 0;
  const live = new Set<WebSocket>();
  let readyWaiters: (() => void)[] = [];

  const sessionReady = () => {
    const waiters = readyWaiters;
    readyWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const frame = (t: string, d: unknown): GatewayFrame => {
    const item = { op: Op.Dispatch, d, s: ++sequence, t };
    sent.push(item);
    return item;
  };

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
          sessionId = `fake-session-${++sessionCounter}`;
          live.add(socket);
          const ready = frame('READY', {
            v: 10,
            user: options.botUser,
            guilds: options.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
            session_id: sessionId,
            session_type: 'normal',
            resume_gateway_url: url,
            shard: [0, 1],
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
          socket.send(JSON.stringify(ready));
          for (const guild of options.guilds) socket.send(JSON.stringify(frame('GUILD_CREATE', guild)));
          sessionReady();
          break;
        }
        case Op.Resume: {
          resumes++;
          if (payload.d?.session_id !== sessionId) {
            socket.send(JSON.stringify({ op: Op.InvalidSession, d: false, s: null, t: null }));
            break;
          }
          live.add(socket);
          const from = Number(payload.d.seq ?? 0) - replayAlreadySeen;
          replayAlreadySeen = 0;
          for (const item of sent) if (item.s !== null && item.s > from && item.t !== 'READY' && item.t !== 'GUILD_CREATE') socket.send(JSON.stringify(item));
          socket.send(JSON.stringify(frame('RESUMED', null)));
          sessionReady();
          break;
        }
        default:
          break;
      }
    });
    socket.on('close', () => live.delete(socket));
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
    dispatch(type, payload) {
      const item = frame(type, payload);
      for (const socket of live) socket.send(JSON.stringify(item));
      return item.s!;
    },
    dropConnection(dropOptions = {}) {
      replayAlreadySeen = dropOptions.replayAlreadySeen ?? 0;
      // 4000 (unknown error) is one of the codes after which discord.js resumes the session.
      for (const socket of live) socket.close(4000, 'fake gateway dropped the connection');
      live.clear();
    },
    closeWith(code, reason) {
      for (const socket of live) socket.close(code, reason);
      live.clear();
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
