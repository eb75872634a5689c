// A fake Discord REST API (v10) on 127.0.0.1 that the real discord.js client talks to through its own
// REST manager: it keeps messages, commands and channels, records every call, and can answer with 429s.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { nextSequence } from './sequence.js';

/** One file part of a multipart request. */
export interface RecordedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** One request the fake received. */
export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** A route label with ids replaced, e.g. `POST /channels/:id/messages`. */
  route: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The JSON body, or `payload_json` of a multipart body. */
  body: any;
  files: RecordedFile[];
  /** The status the fake answered with. */
  status: number;
  at: number;
  /** Position among every call to every fake in this process (see sequence.ts). */
  seq: number;
}

/** A message the fake holds, in API shape. */
export type ApiMessage = Record<string, any> & { id: string; channel_id: string; content: string };

/** Settings of {@link startFakeDiscordRest}. */
export interface FakeDiscordRestOptions {
  /** The bot user returned by `GET /users/@me` and used as the author of posted messages. */
  botUser: Record<string, any>;
  applicationId: string;
  /** When set, a request authorized with another bot token is answered 401, as Discord does. */
  token?: string;
  /** The gateway URL `GET /gateway/bot` hands out; may be set later through `gatewayUrl`. */
  gatewayUrl?: string;
}

/** A running fake: pass `url` as discord.js's `rest.api` (discord.js appends `/v10`). */
export interface FakeDiscordRest {
  /** Base such as `http://127.0.0.1:5555/api`. */
  url: string;
  gatewayUrl: string;
  calls: RecordedCall[];
  /** Channels answered by `GET /channels/{id}`; seed them from the guild fixtures. */
  channels: Map<string, Record<string, any>>;
  /** Messages by id (posted by the bot or seeded by tests for `GET .../messages/{id}`). */
  messages: Map<string, ApiMessage>;
  /** Registered command sets by scope: `global` or `guild:<id>`. */
  commands: Map<string, Record<string, any>[]>;
  /** Files people attached, served from the fake CDN (see {@link FakeDiscordRest.hostAttachment}). */
  attachments: Map<string, { name: string; contentType: string; data: Buffer; expiresAt: number; downloads: number }>;
  /**
   * Hosts an attached file and returns the attachment object of a MESSAGE_CREATE. Like Discord's CDN,
   * the URL is signed with an expiry (`ex`, hex seconds) and answers 404 once it has passed.
   */
  hostAttachment(input: { name: string; contentType: string | null; data: Buffer | string; size?: number; expiresInSeconds?: number }): Record<string, any>;
  /** Calls whose route label matches, e.g. `callsTo('POST /channels/:id/messages')`. */
  callsTo(route: string): RecordedCall[];
  /** Answers the next `count` calls of a route with 429 and `retry_after` seconds. */
  rateLimitNext(route: string, count: number, retryAfterSeconds: number): void;
  /** Answers the next `count` calls of a route with an error status. */
  failNext(route: string, count: number, status: number): void;
  /** Refuses every message post or edit whose content contains `fragment` (400 Invalid Form Body, code 50035). */
  refuseContentContaining(fragment: string): void;
  /** Resolves when a call of the route arrives that satisfies `match` (looking at past calls first). */
  waitFor(route: string, match?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Forgets the recorded calls (state stays). */
  clearCalls(): void;
  close(): Promise<void>;
}

interface Injected {
  route: string;
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
}

// Snowflakes far above any fixture id, increasing so discord.js sorts them like real ones.
let nextSnowflake = 1_300_000_000_000_000_000n;
const snowflake = () => String(nextSnowflake++);

/** Starts the fake REST API at a free port. */
export async function startFakeDiscordRest(options: FakeDiscordRestOptions): Promise<FakeDiscordRest> {
  const injected: Injected[] = [];
  const refusedFragments: string[] = [];
  const waiters: { route: string; match: (call: RecordedCall) => boolean; resolve: (call: RecordedCall) => void }[] = [];
  const sockets = new Set<Socket>();

  const fake: FakeDiscordRest = {
    url: '',
    gatewayUrl: options.gatewayUrl ?? '',
    calls: [],
    channels: new Map(),
    messages: new Map(),
    commands: new Map(),
    attachments: new Map(),
    hostAttachment(input) {
      const id = snowflake();
      const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data, 'utf8');
      const expiresAt = Math.floor(Date.now() / 1000) + (input.expiresInSeconds ?? 86_400);
      fake.attachments.set(id, { name: input.name, contentType: input.contentType ?? 'application/octet-stream', data, expiresAt, downloads: 0 });
      const url = `${cdnOrigin()}/attachments/1000000000000000201/${id}/${encodeURIComponent(input.name)}?ex=${expiresAt.toString(16)}&is=${(expiresAt - 86_400).toString(16)}&hm=${'0'.repeat(64)}&`;
      return { id, filename: input.name, size: input.size ?? data.length, url, proxy_url: url, ...(input.contentType ? { content_type: input.contentType } : {}) };
    },
    callsTo: (route) => fake.calls.filter((call) => call.route === route),
    rateLimitNext: (route, count, retryAfterSeconds) => void injected.push({ route, remaining: count, status: 429, retryAfterSeconds }),
    failNext: (route, count, status) => void injected.push({ route, remaining: count, status }),
    refuseContentContaining: (fragment) => void refusedFragments.push(fragment),
    waitFor: (route, match = () => true, timeoutMs = 10_000) => {
      const past = fake.calls.find((call) => call.route === route && match(call));
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${route} call arrived within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ route, match, resolve: (call) => (clearTimeout(timer), resolve(call)) });
      });
    },
    clearCalls: () => void (fake.calls.length = 0),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const record = (call: RecordedCall) => {
    fake.calls.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.route === call.route && waiter.match(call)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, 500, { message: String(error), code: 0 });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const cdnOrigin = () => fake.url.replace(/\/api$/, '');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const cdn = /^\/attachments\/\d+\/(\d+)\//.exec(url.pathname);
    if (cdn) return serveAttachment(res, cdn[1]!, url.searchParams);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const method = req.method ?? 'GET';
    const { body, files } = parseBody(req.headers['content-type'] ?? '', raw);
    const call: RecordedCall = {
      method,
      path,
      route: `${method} ${routeOf(path)}`,
      query: Object.fromEntries(url.searchParams),
      headers: headersOf(req),
      body,
      files,
      status: 0,
      at: Date.now(),
      seq: nextSequence(),
    };
    const authorization = call.headers['authorization'];
    if (options.token !== undefined && authorization !== undefined && authorization !== `Bot ${options.token}`) {
      call.status = 401;
      record(call);
      send(res, 401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const injection = injected.find((item) => item.route === call.route && item.remaining > 0);
    if (injection) {
      injection.remaining--;
      call.status = injection.status;
      record(call);
      if (injection.status === 429) {
        const retry = injection.retryAfterSeconds ?? 1;
        send(res, 429, { message: 'You are being rate limited.', retry_after: retry, global: false }, {
          'retry-after': String(retry),
          'x-ratelimit-scope': 'user',
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(retry),
          'x-ratelimit-bucket': 'fakebucket',
        });
      } else {
        send(res, injection.status, { message: `fake error ${injection.status}`, code: 0 });
      }
      return;
    }
    const content = typeof body?.content === 'string' ? body.content : '';
    const writesContent = (method === 'POST' || method === 'PATCH') && /^\/(channels\/[^/]+\/messages|webhooks\/)/.test(path);
    const [status, answer] =
      writesContent && refusedFragments.some((fragment) => content.includes(fragment))
        ? [400, { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'CONTENT_REFUSED', message: 'refused by the fake' }] } } }]
        : route(method, path, body, url.searchParams);
    call.status = status;
    record(call);
    if (status === 204) {
      res.writeHead(204);
      res.end();
    } else {
      send(res, status, answer);
    }
  }

  // Discord's CDN: the signed URL works until `ex`; then "This content is no longer available."
  function serveAttachment(res: ServerResponse, id: string, query: URLSearchParams): void {
    const file = fake.attachments.get(id);
    const expiry = Number.parseInt(query.get('ex') ?? '0', 16);
    if (!file || expiry < Date.now() / 1000) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('This content is no longer available.');
      return;
    }
    file.downloads += 1;
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.length) });
    res.end(file.data);
  }

  function route(method: string, path: string, body: any, query: URLSearchParams): [number, unknown] {
    const parts = path.split('/').filter(Boolean);
    const bot = options.botUser;
    if (method === 'GET' && path === '/gateway/bot') {
      return [200, { url: fake.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } }];
    }
    if (method === 'GET' && path === '/gateway') return [200, { url: fake.gatewayUrl }];
    if (method === 'GET' && path === '/users/@me') return [200, bot];
    if (method === 'GET' && path === '/applications/@me') return [200, { id: options.applicationId, name: bot.username, flags: 0, bot }];
    if (method === 'POST' && path === '/users/@me/channels') {
      const id = `dm-${String(body?.recipient_id)}`;
      const channel = { id, type: 1, last_message_id: null, recipients: [{ id: String(body?.recipient_id), username: 'user', discriminator: '0' }] };
      fake.channels.set(id, channel);
      return [200, channel];
    }
    if (parts[0] === 'applications' && parts[1] === options.applicationId && parts.at(-1) === 'commands') {
      const scope = parts[2] === 'guilds' ? `guild:${parts[3]}` : 'global';
      if (method === 'PUT') {
        const set = (Array.isArray(body) ? body : []).map((command: Record<string, any>) => ({
          id: fake.commands.get(scope)?.find((old) => old.name === command.name)?.id ?? snowflake(),
          application_id: options.applicationId,
          version: snowflake(),
          type: 1,
          default_member_permissions: null,
          ...(scope === 'global' ? {} : { guild_id: parts[3] }),
          ...command,
        }));
        fake.commands.set(scope, set);
        return [200, set];
      }
      if (method === 'GET') return [200, fake.commands.get(scope) ?? []];
    }
    if (parts[0] === 'channels' && parts[1]) {
      const channelId = parts[1];
      if (method === 'GET' && parts.length === 2) {
        const channel = fake.channels.get(channelId);
        return channel ? [200, channel] : [404, { message: 'Unknown Channel', code: 10003 }];
      }
      if (method === 'POST' && parts[2] === 'typing' && parts.length === 3) return [204, undefined];
      if (method === 'POST' && parts[2] === 'messages' && parts.length === 3) {
        const message = newMessage(channelId, body ?? {});
        fake.messages.set(message.id, message);
        return [200, message];
      }
      // Starting a thread from a message: the thread's id is the message's, as on Discord.
      if (method === 'POST' && parts[2] === 'messages' && parts[3] && parts[4] === 'threads' && parts.length === 5) {
        const parent = fake.channels.get(channelId);
        if (!parent) return [404, { message: 'Unknown Channel', code: 10003 }];
        const thread = {
          id: parts[3],
          type: 11,
          guild_id: parent.guild_id,
          parent_id: channelId,
          owner_id: options.botUser.id,
          name: String(body?.name ?? ''),
          flags: 0,
          message_count: 0,
          member_count: 1,
          rate_limit_per_user: 0,
          thread_metadata: { archived: false, auto_archive_duration: body?.auto_archive_duration ?? 1440, archive_timestamp: new Date().toISOString(), locked: false },
        };
        fake.channels.set(thread.id, thread);
        return [201, thread];
      }
      if (parts[2] === 'messages' && parts[3] && parts.length === 4) {
        const existing = fake.messages.get(parts[3]);
        if (!existing) return [404, { message: 'Unknown Message', code: 10008 }];
        if (method === 'GET') return [200, existing];
        if (method === 'DELETE') {
          fake.messages.delete(parts[3]);
          return [204, undefined];
        }
        if (method === 'PATCH') {
          if (typeof body?.content === 'string') existing.content = body.content;
          existing.edited_timestamp = new Date().toISOString();
          return [200, existing];
        }
      }
    }
    if (method === 'POST' && parts[0] === 'interactions' && parts[3] === 'callback') {
      if (query.get('with_response') === 'true') {
        return [200, { interaction: { id: parts[1], type: 2, response_message_loading: body?.type === 5, response_message_ephemeral: Boolean((body?.data?.flags ?? 0) & 64) } }];
      }
      return [204, undefined];
    }
    if (parts[0] === 'webhooks' && parts[1] === options.applicationId && parts[2]) {
      const token = parts[2];
      if (method === 'PATCH' && parts[3] === 'messages' && parts[4]) {
        const message = newMessage(`interaction:${token}`, body ?? {}, 64);
        message.id = parts[4] === '@original' ? `original-${token.slice(0, 12)}` : parts[4];
        return [200, message];
      }
      if (method === 'POST' && parts.length === 3) return [200, newMessage(`interaction:${token}`, body ?? {})];
    }
    return [404, { message: `fake has no route for ${method} ${path}`, code: 0 }];
  }

  function newMessage(channelId: string, body: Record<string, any>, flags = 0): ApiMessage {
    const channel = fake.channels.get(channelId);
    const reference = body.message_reference as { message_id?: string } | undefined;
    return {
      id: snowflake(),
      channel_id: channelId,
      ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}),
      author: options.botUser,
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: reference ? 19 : 0,
      flags: (body.flags ?? 0) | flags,
      ...(reference ? { message_reference: { type: 0, message_id: reference.message_id, channel_id: channelId } } : {}),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return fake;
}

// Ids are snowflakes in real traffic; tests also use readable ids such as "dm-u1", so the segment
// after a collection name counts as an id, and the one after an interaction/webhook id as its token.
function routeOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  const idAfter = new Set(['channels', 'messages', 'applications', 'guilds', 'interactions', 'webhooks', 'users']);
  const tokenAfter = new Set(['interactions', 'webhooks']);
  const labels = parts.map((part, index) => {
    if (part.startsWith('@')) return part;
    if (idAfter.has(parts[index - 1] ?? '')) return ':id';
    if (tokenAfter.has(parts[index - 2] ?? '')) return ':token';
    return part;
  });
  return '/' + labels.join('/');
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON or multipart/form-data body into the JSON payload and its files. */
export function parseBody(contentType: string, raw: Buffer): { body: any; files: RecordedFile[] } {
  if (raw.length === 0) return { body: undefined, files: [] };
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (contentType.startsWith('multipart/form-data') && boundary) {
    return parseMultipart(raw, (boundary[1] ?? boundary[2])!.trim());
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [] };
  }
}

function parseMultipart(raw: Buffer, boundary: string): { body: any; files: RecordedFile[] } {
  const delimiter = Buffer.from(`--${boundary}`);
  const files: RecordedFile[] = [];
  let body: any;
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part is "\r\n<headers>\r\n\r\n<data>\r\n" between delimiters.
    const part = raw.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headerText = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headerText)?.[1] ?? '';
    const field = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(disposition)?.[1];
    const contentType = /content-type:\s*([^\r\n]*)/i.exec(headerText)?.[1]?.trim() ?? 'application/octet-stream';
    if (filename !== undefined) files.push({ field, filename, contentType, data: Buffer.from(data) });
    else if (field === 'payload_json') body = JSON.parse(data.toString('utf8'));
    start = next;
  }
  return { body, files };
}
