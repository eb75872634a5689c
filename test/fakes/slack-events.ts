// Builds Events API and slash-command requests exactly as Slack sends them, signs them with the
// signing secret, and POSTs them to a running app. Payload shapes come from test/fixtures/slack.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { nextTs } from './slack-api.js';

/** An Events API `event_callback` envelope. */
export type EventEnvelope = Record<string, any> & { event_id: string; team_id: string; event: Record<string, any> };
/** A slash command's fields (sent form-encoded over HTTP, as JSON over Socket Mode). */
export type SlashCommandFields = Record<string, string>;

/** A captured payload from test/fixtures/slack, parsed fresh on each call so tests can change it. */
export function fixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../fixtures/slack/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;
}

let eventCounter = 0;
/** A fresh event id in Slack's shape. */
export function nextEventId(): string {
  eventCounter += 1;
  return `Ev0T${String(eventCounter).padStart(8, '0')}`;
}

/** Wraps an inner event in an event_callback envelope like the captured app_mention one. */
export function envelope(event: Record<string, any>, options: { teamId?: string; eventId?: string; botUserId?: string } = {}): EventEnvelope {
  const base = fixture('app_mention');
  const teamId = options.teamId ?? base.team_id;
  return {
    ...base,
    team_id: teamId,
    context_team_id: teamId,
    event_id: options.eventId ?? nextEventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ ...base.authorizations[0], team_id: teamId, user_id: options.botUserId ?? base.authorizations[0].user_id }],
    event,
  };
}

/** What a person says: who, where, and the raw Slack text (markup included). */
export interface SaidInput {
  user: string;
  text: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
  teamId?: string;
  eventId?: string;
  /** Slack file objects shared with the message (from FakeSlackApi.hostFile); a DM becomes subtype file_share. */
  files?: Record<string, any>[];
}

/** An app_mention envelope (a person mentioning the bot in a channel). */
export function mentionEvent(input: SaidInput): EventEnvelope {
  const base = fixture('app_mention').event;
  return personSaid(base, input, input.channel ?? base.channel);
}

/** A message.im envelope (a person writing in their DM with the bot). */
export function dmEvent(input: SaidInput): EventEnvelope {
  return personSaid(fixture('message_im').event, input, input.channel ?? `D${input.user}`);
}

// Both event kinds are a captured event with the speaker, text, place and fresh timestamps swapped in.
function personSaid(base: Record<string, any>, input: SaidInput, channel: string): EventEnvelope {
  const ts = input.ts ?? nextTs();
  const event: Record<string, any> = {
    ...base,
    user: input.user,
    text: input.text,
    channel,
    ts,
    event_ts: ts,
    client_msg_id: randomUUID(),
    team: input.teamId ?? base.team,
    blocks: richText(input.text),
  };
  if (input.threadTs) event.thread_ts = input.threadTs;
  if (input.files) {
    event.files = input.files;
    event.upload = false;
    if (event.type === 'message') event.subtype = 'file_share';
    if (input.text === '') delete event.blocks;
  }
  return envelope(event, { ...(input.teamId ? { teamId: input.teamId } : {}), ...(input.eventId ? { eventId: input.eventId } : {}) });
}

/** A slash command's fields, from the captured one. */
export function slashCommand(input: { command: '/reset' | '/export' | string; user: string; channel: string; channelName?: string; responseUrl: string; text?: string; teamId?: string }): SlashCommandFields {
  const base = fixture('slash_command') as SlashCommandFields;
  return {
    ...base,
    command: input.command,
    user_id: input.user,
    user_name: input.user.toLowerCase(),
    channel_id: input.channel,
    channel_name: input.channelName ?? (input.channel.startsWith('D') ? 'directmessage' : `channel-${input.channel.toLowerCase()}`),
    text: input.text ?? '',
    team_id: input.teamId ?? base.team_id!,
    response_url: input.responseUrl,
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomUUID().replace(/-/g, '')}`,
  };
}

// Slack's rich_text rendering of a plain message, so payloads carry blocks like real ones.
function richText(text: string): unknown[] {
  return [{ type: 'rich_text', block_id: randomUUID().slice(0, 4), elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] }];
}

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Options of a delivery. */
export interface DeliveryOptions {
  /** X-Slack-Retry-Num (and X-Slack-Retry-Reason, default http_timeout). */
  retryNum?: number;
  retryReason?: string;
  /** Unix seconds for X-Slack-Request-Timestamp (default now). */
  timestamp?: number;
  /** Sign with this secret instead of the app's (a forged request). */
  signWith?: string;
  /** X-Slack-Signature as given instead of computed; null sends neither signature header (an unsigned request). */
  signature?: string | null;
  /** Sends to this path (as written, not normalised as fetch would) instead of the endpoint's. */
  path?: string;
}

/** The app's answer to a delivery. */
export interface DeliveryResult {
  status: number;
  body: string;
}

/** Posts signed requests to an app's Events API endpoint, as Slack does. */
export class SlackEventSender {
  constructor(
    /** Full endpoint URL, e.g. http://127.0.0.1:3000/slack/events. */
    readonly endpoint: string,
    readonly signingSecret: string,
  ) {}

  /** Delivers an Events API envelope as JSON. */
  event(payload: EventEnvelope, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    return this.#post(JSON.stringify(payload), 'application/json', options);
  }

  /** Delivers a slash command as a form body. */
  command(fields: SlashCommandFields, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    return this.#post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** Delivers any body, signed like the others (for bodies Slack would never send). */
  raw(body: string, contentType: string, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    return this.#post(body, contentType, options);
  }

  async #post(body: string, contentType: string, options: DeliveryOptions): Promise<DeliveryResult> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (options.signature !== null) {
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = options.signature ?? signature(options.signWith ?? this.signingSecret, timestamp, body);
    }
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    if (options.path !== undefined) return postRaw(new URL(this.endpoint), options.path, headers, body);
    const response = await fetch(this.endpoint, { method: 'POST', headers, body });
    return { status: response.status, body: await response.text() };
  }
}

// node:http sends the path exactly as given, where fetch would resolve `/slack/./events` first.
function postRaw(endpoint: URL, path: string, headers: Record<string, string>, body: string): Promise<DeliveryResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: endpoint.hostname, port: endpoint.port, path, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A person deleting their DM message, as Slack delivers it (message_deleted in message.im). */
export function dmDeletedEvent(original: EventEnvelope): EventEnvelope {
  const base = fixture('message_deleted');
  const ts = nextTs();
  const { user, text, ts: deletedTs, thread_ts } = original.event;
  return envelope({ ...base, channel: original.event.channel, deleted_ts: deletedTs, ts, event_ts: ts, previous_message: { ...base.previous_message, user, text, ts: deletedTs, ...(thread_ts ? { thread_ts } : {}) } });
}

/** A person editing their DM message (message_changed in message.im). */
export function dmEditedEvent(original: EventEnvelope, newText: string): EventEnvelope {
  const base = fixture('message_changed');
  const ts = nextTs();
  const { user, text, ts: editedTs, team } = original.event;
  return envelope({
    ...base,
    channel: original.event.channel,
    ts,
    event_ts: ts,
    message: { ...base.message, user, team, text: newText, ts: editedTs, edited: { user, ts } },
    previous_message: { ...base.previous_message, user, team, text, ts: editedTs },
  });
}

/** A person opening the bot's Messages or Home tab (app_home_opened). */
export function appHomeOpenedEvent(user: string, tab: 'messages' | 'home'): EventEnvelope {
  const ts = nextTs();
  return envelope({ type: 'app_home_opened', user, channel: `D${user}`, tab, event_ts: ts, ...(tab === 'home' ? { view: { id: `V${user}`, type: 'home' } } : {}) });
}
