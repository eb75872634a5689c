// A fake Slack Web API on 127.0.0.1 that the real @slack/web-api client (inside Bolt) talks to through
// SLACK_API_URL. It keeps the messages it was sent (posts, edits, streams), records every call with its
// parsed arguments, stores uploaded files, and can be told to fail a method or to refuse streaming.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { nextSequence } from './sequence.js';

/** One Web API call the fake received. */
export interface RecordedCall {
  /** The method, e.g. `chat.postMessage`. */
  method: string;
  /** Arguments parsed from the form-encoded or JSON body; JSON-valued fields (blocks, chunks, files) are decoded. */
  args: Record<string, any>;
  /** The bearer token the call carried. */
  token: string | undefined;
  /** What the fake answered. */
  response: Record<string, any>;
  /** Position among every call to every fake in this process (see sequence.ts). */
  seq: number;
}

/** A file a person shared, served at its url_private_download to requests carrying the bot token. */
export interface HostedFile {
  id: string;
  name: string;
  mimetype: string;
  data: Buffer;
  /** Downloads of it, with the token each carried. */
  downloads: Array<{ token: string | undefined }>;
}

/** A message in a channel as Slack would show it, whichever way it was written. */
export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  /** The visible text: the markdown block's text, else `text`, else the streamed markdown. */
  text: string;
  /** How the message came to be. */
  via: 'post' | 'stream';
  /** chat.update calls applied to it. */
  edits: number;
  /** True while a stream is open on it. */
  streaming: boolean;
}

/** An ephemeral message (visible to one user only). */
export interface FakeEphemeral {
  channel: string;
  user: string;
  threadTs: string | undefined;
  text: string;
}

/** A file uploaded through files.getUploadURLExternal → upload → files.completeUploadExternal. */
export interface FakeFile {
  id: string;
  filename: string;
  content: string;
  /** Where files.completeUploadExternal shared it; undefined until completed. */
  channel: string | undefined;
  initialComment: string | undefined;
}

/** A body posted to a slash command's response_url by `respond()`. */
export interface FakeResponse {
  id: string;
  body: Record<string, any>;
}

/** A scripted failure for the next call(s) of a method. */
export type FakeFailure = { error: string } | { status: number; retryAfter?: number };

/** Settings of {@link startFakeSlackApi}. */
export interface FakeSlackApiOptions {
  botToken?: string;
  appToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

/** A running fake: pass `url` as SLACK_API_URL. */
export interface FakeSlackApi {
  /** Web API base such as `http://127.0.0.1:5555/api/`. */
  url: string;
  /** Origin such as `http://127.0.0.1:5555`, for response URLs. */
  origin: string;
  botToken: string;
  appToken: string;
  botUserId: string;
  botId: string;
  teamId: string;
  calls: RecordedCall[];
  messages: FakeMessage[];
  ephemerals: FakeEphemeral[];
  files: FakeFile[];
  responses: FakeResponse[];
  /** Files shared by people (see {@link FakeSlackApi.hostFile}). */
  hosted: HostedFile[];
  /** The assistant status shown in each thread (`channel/thread_ts`), as Slack keeps it; absent when cleared. */
  statuses: Map<string, string>;
  /**
   * Hosts a file a person shares and returns its Slack file object for an event's `files[]`. Like Slack,
   * the download URL answers the bytes only with the bot token, and a 200 HTML login page without it.
   */
  hostFile(input: { name: string; mimetype: string; data: Buffer | string; size?: number }): Record<string, any>;
  /** Display names users.info reports; an unknown user is `user_not_found`. */
  users: Map<string, string>;
  /** The WebSocket URL apps.connections.open hands out (Socket Mode). */
  socketUrl: string;
  /** 'ok' streams; an error code (e.g. 'unknown_method') makes every chat.*Stream call fail with it. */
  streaming: 'ok' | string;
  /** Makes the next `times` calls of `method` fail. */
  failNext(method: string, failure: FakeFailure, times?: number): void;
  /** Refuses every post, edit or stream whose text contains `fragment`, with `error` (default msg_too_long), as Slack refuses content it will not show. */
  refuseTextContaining(fragment: string, error?: string): void;
  /** Calls of one method, oldest first. */
  callsTo(method: string): RecordedCall[];
  /** Messages in a thread (or a channel's top level with `threadTs` undefined), oldest first. */
  thread(channel: string, threadTs: string | undefined): FakeMessage[];
  /** A response_url for a slash command; its posts land in `responses` under `id`. */
  responseUrl(id: string): string;
  /** The DM channel id conversations.open returns for a user. */
  dmChannelOf(userId: string): string;
  /** Forgets calls, messages, files, responses and scripted failures (users and settings stay). */
  reset(): void;
  close(): Promise<void>;
}

// Slack message timestamps are "seconds.microseconds" strings, increasing within a channel.
let tsCounter = 0;
/** A fresh Slack-style message timestamp. */
export function nextTs(): string {
  tsCounter += 1;
  return `${1_760_000_000 + tsCounter}.${String(tsCounter).padStart(6, '0')}`;
}

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFakeSlackApi(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
  const failures = new Map<string, { failure: FakeFailure; times: number }>();
  const refusals: { fragment: string; error: string }[] = [];
  let fileCounter = 0;
  const sockets = new Set<Socket>();

  const fake: FakeSlackApi = {
    url: '',
    origin: '',
    botToken: options.botToken ?? 'xoxb-test-bot-token',
    appToken: options.appToken ?? 'xapp-1-test-app-token',
    botUserId: options.botUserId ?? 'UBOT',
    botId: options.botId ?? 'BBOT',
    teamId: options.teamId ?? 'T0001',
    calls: [],
    messages: [],
    ephemerals: [],
    files: [],
    responses: [],
    hosted: [],
    statuses: new Map(),
    hostFile(input) {
      const id = `F${String(++fileCounter).padStart(4, '0')}`;
      const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data, 'utf8');
      fake.hosted.push({ id, name: input.name, mimetype: input.mimetype, data, downloads: [] });
      const url = `${fake.origin}/files-pri/${fake.teamId}-${id}/download/${encodeURIComponent(input.name)}`;
      return {
        id,
        created: Math.floor(Date.now() / 1000),
        name: input.name,
        title: input.name,
        mimetype: input.mimetype,
        filetype: input.name.split('.').pop() ?? '',
        user: 'U0000',
        size: input.size ?? data.length,
        mode: 'hosted',
        is_external: false,
        is_public: false,
        url_private: url.replace('/download/', '/'),
        url_private_download: url,
        permalink: `https://fake.slack.test/files/${id}`,
      };
    },
    users: new Map(),
    socketUrl: '',
    streaming: 'ok',
    failNext(method, failure, times = 1) {
      failures.set(method, { failure, times });
    },
    refuseTextContaining: (fragment, error = 'msg_too_long') => void refusals.push({ fragment, error }),
    callsTo: (method) => fake.calls.filter((call) => call.method === method),
    thread: (channel, threadTs) => fake.messages.filter((m) => m.channel === channel && m.threadTs === threadTs),
    responseUrl: (id) => `${fake.origin}/respond/${encodeURIComponent(id)}`,
    dmChannelOf: (userId) => `D${userId}`,
    reset() {
      fake.calls.length = 0;
      fake.messages.length = 0;
      fake.ephemerals.length = 0;
      fake.files.length = 0;
      fake.responses.length = 0;
      fake.hosted.length = 0;
      fake.statuses.clear();
      failures.clear();
      refusals.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };

  const byTs = (channel: unknown, ts: unknown) => fake.messages.find((m) => m.channel === channel && m.ts === ts);

  /** What a method answers; `undefined` means unknown_method. */
  function answer(method: string, args: Record<string, any>, token: string | undefined): Record<string, any> {
    if (method === 'apps.connections.open') {
      return token === fake.appToken ? { ok: true, url: fake.socketUrl } : { ok: false, error: 'invalid_auth' };
    }
    if (token !== fake.botToken) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    if (method.startsWith('chat.') && method.endsWith('Stream') && fake.streaming !== 'ok') return { ok: false, error: fake.streaming };
    const written = `${visibleText(args)}${streamedText(args)}`;
    const refusal = CONTENT_METHODS.has(method) ? refusals.find((r) => written.includes(r.fragment)) : undefined;
    if (refusal) return { ok: false, error: refusal.error };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake Team', user: 'parley', team_id: fake.teamId, user_id: fake.botUserId, bot_id: fake.botId, is_enterprise_install: false };
      case 'chat.postMessage': {
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
        const message: FakeMessage = { channel: args.channel, ts: nextTs(), threadTs: args.thread_ts || undefined, text: visibleText(args), via: 'post', edits: 0, streaming: false };
        fake.messages.push(message);
        // Slack clears a thread's status when the app replies in it.
        if (message.threadTs) fake.statuses.delete(`${message.channel}/${message.threadTs}`);
        return { ok: true, channel: message.channel, ts: message.ts, message: { type: 'message', text: args.text, ts: message.ts, bot_id: fake.botId, user: fake.botUserId } };
      }
      case 'chat.update': {
        const message = byTs(args.channel, args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = visibleText(args);
        message.edits += 1;
        return { ok: true, channel: message.channel, ts: message.ts, text: args.text };
      }
      case 'chat.postEphemeral':
        fake.ephemerals.push({ channel: args.channel, user: args.user, threadTs: args.thread_ts || undefined, text: args.text ?? '' });
        return { ok: true, message_ts: nextTs() };
      case 'chat.startStream': {
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
        if (!args.thread_ts) return { ok: false, error: 'invalid_arguments' };
        const message: FakeMessage = { channel: args.channel, ts: nextTs(), threadTs: args.thread_ts, text: streamedText(args), via: 'stream', edits: 0, streaming: true };
        fake.messages.push(message);
        fake.statuses.delete(`${message.channel}/${message.threadTs}`);
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      case 'chat.appendStream':
      case 'chat.stopStream': {
        const message = byTs(args.channel, args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        if (!message.streaming) return { ok: false, error: 'message_not_in_streaming_state' };
        message.text += streamedText(args);
        if (method === 'chat.stopStream') message.streaming = false;
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      case 'assistant.threads.setStatus': {
        if (!args.channel_id || !args.thread_ts) return { ok: false, error: 'invalid_arguments' };
        if (typeof args.status !== 'string') return { ok: false, error: 'invalid_arguments' };
        const place = `${args.channel_id}/${args.thread_ts}`;
        if (args.status === '') fake.statuses.delete(place);
        else fake.statuses.set(place, args.status);
        return { ok: true };
      }
      case 'assistant.threads.setSuggestedPrompts': {
        const prompts = Array.isArray(args.prompts) ? args.prompts : [];
        if (!args.channel_id || prompts.length === 0 || prompts.length > 4) return { ok: false, error: 'invalid_arguments' };
        return { ok: true };
      }
      case 'assistant.threads.setTitle':
        return args.channel_id && args.thread_ts && args.title ? { ok: true } : { ok: false, error: 'invalid_arguments' };
      case 'views.publish':
        return args.user_id && args.view?.type === 'home' ? { ok: true, view: { id: `V${args.user_id}`, ...args.view } } : { ok: false, error: 'invalid_arguments' };
      case 'reactions.add':
      case 'reactions.remove':
        return args.channel && args.timestamp && args.name ? { ok: true } : { ok: false, error: 'invalid_arguments' };
      case 'conversations.open': {
        const users = String(args.users ?? '').split(',').filter(Boolean);
        if (users.length !== 1) return { ok: false, error: 'not_implemented_in_fake' };
        return { ok: true, channel: { id: fake.dmChannelOf(users[0]!), is_im: true, user: users[0] } };
      }
      case 'conversations.info': {
        const id = String(args.channel ?? '');
        return id ? { ok: true, channel: { id, is_im: id.startsWith('D'), is_channel: id.startsWith('C'), name: id.startsWith('D') ? undefined : `channel-${id.toLowerCase()}` } } : { ok: false, error: 'channel_not_found' };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        const name = fake.users.get(id);
        if (name === undefined) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id, team_id: fake.teamId, name: name.toLowerCase().replace(/\s+/g, '.'), real_name: name, profile: { display_name: name, real_name: name } } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${String(++fileCounter).padStart(4, '0')}`;
        fake.files.push({ id, filename: String(args.filename ?? ''), content: '', channel: undefined, initialComment: undefined });
        return { ok: true, upload_url: `${fake.origin}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const listed: Array<{ id: string }> = Array.isArray(args.files) ? args.files : [];
        const done = [];
        for (const { id } of listed) {
          const file = fake.files.find((f) => f.id === id);
          if (!file) return { ok: false, error: 'file_not_found' };
          file.channel = args.channel_id;
          file.initialComment = args.initial_comment;
          done.push({ id, name: file.filename, title: file.filename });
        }
        return { ok: true, files: done };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, raw: Buffer): Promise<void> {
    const args = parseArgs(req.headers['content-type'], raw);
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    const scripted = failures.get(method);
    if (scripted) {
      if (--scripted.times <= 0) failures.delete(method);
      const { failure } = scripted;
      if ('status' in failure) {
        fake.calls.push({ method, args, token, response: { status: failure.status }, seq: nextSequence() });
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
        res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: `http_${failure.status}` }));
        return;
      }
      const response = { ok: false, error: failure.error };
      fake.calls.push({ method, args, token, response, seq: nextSequence() });
      json(res, response);
      return;
    }
    const response = answer(method, args, token);
    fake.calls.push({ method, args, token, response, seq: nextSequence() });
    json(res, response);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, id: string, raw: Buffer): Promise<void> {
    const file = fake.files.find((f) => f.id === id);
    if (!file) return void res.writeHead(404).end('no such upload');
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) {
      // The client sends the bytes as a multipart form field named "body".
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const part = form.get('body') ?? form.get('file');
      file.content = typeof part === 'string' ? part : part ? await part.text() : '';
    } else {
      file.content = raw.toString('utf8');
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
  }

  // Slack answers a file URL without a valid bot token with its sign-in page, status 200 (reported).
  function serveFile(req: IncomingMessage, res: ServerResponse, id: string): void {
    const file = fake.hosted.find((f) => f.id === id);
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    file?.downloads.push({ token });
    if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('file_not_found');
    if (token !== fake.botToken) {
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Fake Team</body></html>');
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.data.length), 'content-disposition': `attachment; filename="${file.name}"` }).end(file.data);
  }

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(parts);
      const path = (req.url ?? '/').split('?', 1)[0]!;
      const route = /^\/api\/([\w.]+)$/.exec(path);
      const upload = /^\/upload\/(\w+)$/.exec(path);
      const respond = /^\/respond\/(.+)$/.exec(path);
      const download = /^\/files-pri\/[^/]+-(F\d+)\//.exec(path);
      const work = download
        ? Promise.resolve(serveFile(req, res, download[1]!))
        : route
        ? handleApi(req, res, route[1]!, raw)
        : upload
          ? handleUpload(req, res, upload[1]!, raw)
          : respond
            ? Promise.resolve(void fake.responses.push({ id: decodeURIComponent(respond[1]!), body: JSON.parse(raw.toString('utf8') || '{}') })).then(() => void res.writeHead(200).end('ok'))
            : Promise.resolve(void res.writeHead(404).end('not found'));
      work.catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake slack error: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = `${fake.origin}/api/`;
  return fake;
}

// The methods that write a message's visible text.
const CONTENT_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'chat.startStream', 'chat.appendStream', 'chat.stopStream']);

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

// Slack's client form-encodes arguments and JSON-encodes the structured ones (blocks, chunks, files).
function parseArgs(contentType: string | undefined, raw: Buffer): Record<string, any> {
  const text = raw.toString('utf8');
  if (String(contentType).startsWith('application/json')) return text ? (JSON.parse(text) as Record<string, any>) : {};
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// A message's visible text: its markdown block when it has one (that is what Slack renders), else `text`.
function visibleText(args: Record<string, any>): string {
  const blocks: Array<{ type?: string; text?: unknown }> = Array.isArray(args.blocks) ? args.blocks : [];
  const markdown = blocks.filter((block) => block.type === 'markdown').map((block) => String(block.text ?? ''));
  return markdown.length > 0 ? markdown.join('') : String(args.text ?? '');
}

function streamedText(args: Record<string, any>): string {
  const chunks: Array<{ type?: string; text?: unknown }> = Array.isArray(args.chunks) ? args.chunks : [];
  const fromChunks = chunks.filter((chunk) => chunk.type === 'markdown_text').map((chunk) => String(chunk.text ?? '')).join('');
  return fromChunks + (typeof args.markdown_text === 'string' ? args.markdown_text : '');
}

/** Polls `probe` until it returns something truthy, then returns it; fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | null | false, what = 'condition', timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
