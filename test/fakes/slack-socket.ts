// A fake Socket Mode server: the WebSocket that apps.connections.open points to. It greets each
// connection with `hello`, delivers events_api / slash_commands envelopes, and collects the acks.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitFor } from './slack-api.js';
import type { EventEnvelope, SlashCommandFields } from './slack-events.js';

/** An acknowledgement the app sent: `{envelope_id, payload?}`. */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

/** A running fake; set the Web API fake's `socketUrl` to `url`. */
export interface FakeSlackSocket {
  url: string;
  /** Connections opened so far. */
  readonly connections: number;
  acks: SocketAck[];
  /** Resolves once an app is connected and greeted. */
  connected(): Promise<void>;
  /** Delivers an Events API envelope and resolves with its ack. */
  deliverEvent(payload: EventEnvelope, options?: { retryAttempt?: number; retryReason?: string }): Promise<SocketAck>;
  /** Delivers a slash command and resolves with its ack. */
  deliverCommand(fields: SlashCommandFields): Promise<SocketAck>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFakeSlackSocket(): Promise<FakeSlackSocket> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  let current: WebSocket | undefined;
  let connections = 0;
  const acks: SocketAck[] = [];

  server.on('connection', (socket) => {
    connections += 1;
    current = socket;
    socket.on('message', (data) => {
      try {
        const parsed = JSON.parse(String(data)) as SocketAck;
        if (typeof parsed.envelope_id === 'string') acks.push(parsed);
      } catch {
        // Not an ack: ignore, as Slack would.
      }
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-fake', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0FAKEAPP' } }));
  });

  const send = async (frame: Record<string, unknown>): Promise<SocketAck> => {
    const socket = await waitFor(() => (current && current.readyState === current.OPEN ? current : undefined), 'a Socket Mode connection');
    const envelopeId = String(frame.envelope_id);
    socket.send(JSON.stringify(frame));
    return waitFor(() => acks.find((ack) => ack.envelope_id === envelopeId), `the ack of ${envelopeId}`);
  };

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/?ticket=fake-ticket&app_id=A0FAKEAPP`,
    get connections() {
      return connections;
    },
    acks,
    connected: async () => void (await waitFor(() => current && current.readyState === current.OPEN, 'a Socket Mode connection')),
    deliverEvent: (payload, options = {}) =>
      send({
        envelope_id: randomUUID(),
        payload,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryReason ?? '',
      }),
    deliverCommand: (fields) => send({ envelope_id: randomUUID(), payload: fields, type: 'slash_commands', accepts_response_payload: true }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
