// Two real Parley processes (node dist/main.js) in Slack HTTP mode on one store, with signed
// deliveries sent to whichever the test picks, as a load balancer would.
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeSlackApi, waitFor, type FakeSlackApi } from '../fakes/slack-api.js';
import { SlackEventSender, dmEvent, slashCommand, type DeliveryOptions, type EventEnvelope } from '../fakes/slack-events.js';
import { tempDir } from '../support/core-harness.js';
import { buildOnce, spawnBuiltParley, type ParleyProcess } from '../support/spawn-parley.js';

const SIGNING_SECRET = 'fake-signing-secret-replicas-1';
// Child processes on a loaded two-core machine: generous, since nothing here measures time.
export const REPLICA_WAIT_MS = 60_000;

/** One running replica: its process and the sender that reaches its HTTP receiver. */
export interface Replica {
  process: ParleyProcess;
  events: SlackEventSender;
  /** Its HTTP port: /slack/events and the operator routes (/healthz). */
  port: number;
}

/** The replicas, the fakes they talk to, and what the test does with them. */
export interface Replicas {
  slack: FakeSlackApi;
  model: FakeAnthropic;
  replicas: Replica[];
  /** Delivers a DM from `user` to replica `to` and returns the envelope (for a retry). */
  dm(to: number, user: string, text: string, delivery?: DeliveryOptions): Promise<EventEnvelope>;
  /** Delivers an envelope (again) to replica `to`. */
  deliver(to: number, payload: EventEnvelope, delivery?: DeliveryOptions): Promise<void>;
  /** Runs a slash command on replica `to` and resolves with the text of its response. */
  command(to: number, name: string, user: string, channel: string): Promise<string>;
  /** The bot's finished messages in a user's DM, oldest first. */
  repliesTo(user: string): string[];
  /**
   * Waits until the user's DM holds `count` finished bot messages whose texts satisfy `complete`
   * (a reply is posted first and then edited as the answer streams in).
   */
  waitForReplies(user: string, count: number, complete?: (texts: string[]) => boolean): Promise<string[]>;
  /** Stops replica `index` with SIGTERM and starts a new process in its place. */
  restart(index: number): Promise<void>;
  /** Kills replica `index` with SIGKILL (no shutdown of any kind) and waits until it is gone. */
  kill(index: number): Promise<void>;
  close(): Promise<void>;
}

/** Builds once, then starts `count` replicas on `storeUrl` with `env` added. */
export async function startReplicas(storeUrl: string, env: Record<string, string> = {}, count = 2): Promise<Replicas> {
  await buildOnce();
  const slack = await startFakeSlackApi();
  const model = await startFakeAnthropic();
  const folder = await tempDir();
  const baseEnv = {
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: model.url,
    MODEL_MAX_RETRIES: '0',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    STORE_URL: storeUrl,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  };
  const start = async (): Promise<Replica> => {
    const process = spawnBuiltParley(baseEnv, folder.path);
    await process.waitFor(/"event":"slack.started"[^\n]*"port":\d+/, 'stderr');
    const port = Number(/"event":"slack.started"[^\n]*"port":(\d+)/.exec(process.stderr())![1]);
    return { process, port, events: new SlackEventSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET) };
  };
  const replicas = await Promise.all(Array.from({ length: count }, start));
  let commands = 0;
  const finished = (user: string) =>
    slack
      .thread(`D${user}`, undefined)
      .filter((message) => !message.streaming)
      .map((message) => message.text);
  const stop = async (replica: Replica) => {
    if (replica.process.child.exitCode === null && replica.process.child.signalCode === null) replica.process.child.kill('SIGTERM');
    await replica.process.exited;
  };
  const deliver = async (to: number, payload: EventEnvelope, delivery: DeliveryOptions = {}) => {
    const result = await replicas[to]!.events.event(payload, delivery);
    if (result.status !== 200) throw new Error(`replica ${to} answered ${result.status}: ${result.body}`);
  };
  return {
    slack,
    model,
    replicas,
    async dm(to, user, text, delivery) {
      const payload = dmEvent({ user, text });
      await deliver(to, payload, delivery);
      return payload;
    },
    deliver,
    async command(to, name, user, channel) {
      const id = `cmd-${++commands}`;
      const result = await replicas[to]!.events.command(slashCommand({ command: name, user, channel, responseUrl: slack.responseUrl(id) }));
      if (result.status !== 200) throw new Error(`replica ${to} answered ${result.status} to ${name}`);
      return (await waitFor(() => slack.responses.find((response) => response.id === id), `the response to ${name}`, REPLICA_WAIT_MS)).body.text as string;
    },
    repliesTo: finished,
    waitForReplies: (user, count, complete = (texts) => texts.every((text) => /^echo: |faster than/.test(text))) =>
      waitFor(
        () => {
          const texts = finished(user);
          return texts.length >= count && complete(texts) && texts;
        },
        `${count} replies to ${user}`,
        REPLICA_WAIT_MS,
      ),
    async restart(index) {
      await stop(replicas[index]!);
      replicas[index] = await start();
    },
    async kill(index) {
      replicas[index]!.process.child.kill('SIGKILL');
      await replicas[index]!.process.exited;
    },
    async close() {
      await Promise.all(replicas.map(stop));
      await Promise.all([slack.close(), model.close()]);
      await folder.cleanup();
    },
  };
}
