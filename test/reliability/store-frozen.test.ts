// A Redis or PostgreSQL that stops answering in the middle of a conversation, seen through a real
// Parley process (node dist/main.js, Slack HTTP mode): the person gets the store notice, /healthz
// answers 503, and once the server answers again the conversation carries on with nothing lost.
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.js';
import { dmEvent } from '../fakes/slack-events.js';
import { waitFor } from '../fakes/slack-api.js';
import { textsOf } from '../support/core-harness.js';
import { TEST_POSTGRES_URL, TEST_REDIS_URL, postgresNamespace, redisNamespace, type Namespace } from '../support/real-servers.js';
import { REPLICA_WAIT_MS, startReplicas, type Replicas } from '../scaling/replicas.js';

const STORE_LINE = "I can't reach my memory store right now, so this message wasn't kept and I won't remember it. Please send it again shortly.";
const USER = 'UFROZEN';

const servers: Array<[string, () => Namespace]> = [];
if (TEST_REDIS_URL) servers.push(['Redis', () => redisNamespace()]);
if (TEST_POSTGRES_URL) servers.push(['PostgreSQL', () => postgresNamespace()]);

const healthz = async (run: Replicas) => {
  const response = await fetch(`http://127.0.0.1:${run.replicas[0]!.port}/healthz`);
  return { status: response.status, body: (await response.json()) as { store?: string } };
};

describe('the freezing TCP proxy', () => {
  it('forwards nothing either way while frozen and everything queued once thawed', async () => {
    // An echo server stands in for Redis or PostgreSQL.
    const server = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    const client: Socket = createConnection({ host: '127.0.0.1', port: proxy.port });
    await once(client, 'connect');
    let received = '';
    client.on('data', (chunk: Buffer) => (received += chunk.toString()));
    client.write('one;');
    await waitFor(() => received === 'one;', 'the first echo');
    proxy.freeze();
    client.write('two;');
    // Nothing is to arrive, so there is no event to await: give an echo ample time not to come.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toBe('one;');
    proxy.thaw();
    await waitFor(() => received === 'one;two;', 'the queued echo');
    client.destroy();
    await proxy.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

for (const [name, namespace] of servers) {
  describe(`a ${name} that stops answering mid-conversation`, { timeout: 4 * REPLICA_WAIT_MS }, () => {
    let space: Namespace;
    let proxy: TcpProxy;
    let run: Replicas;
    beforeAll(async () => {
      space = namespace();
      const server = new URL(space.url);
      proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
      run = await startReplicas(proxy.urlThrough(space.url), { RATE_LIMIT_PER_MINUTE: '0' }, 1);
    }, 2 * REPLICA_WAIT_MS);
    afterAll(async () => {
      await run?.close();
      await proxy?.close();
      await space?.cleanup();
    });

    it('answers before the freeze', async () => {
      await run.dm(0, USER, 'before the freeze');
      await run.waitForReplies(USER, 1, (texts) => texts.at(-1) === 'echo: before the freeze');
    });

    it('gives the person the store notice while the server is frozen', async () => {
      const logFrom = run.replicas[0]!.process.stderr().length;
      proxy.freeze();
      const startedAt = Date.now();
      // The acknowledgement itself may wait on the store; the person's view is what counts here.
      void run.replicas[0]!.events.event(dmEvent({ user: USER, text: 'while frozen' })).catch(() => undefined);
      await run.waitForReplies(USER, 2, (texts) => texts.at(-1) === STORE_LINE);
      // Recorded for the reader, not asserted: timing targets live in the benchmarks.
      console.info(`frozen ${name}: store notice after ${Date.now() - startedAt} ms`);
      // One store call waited out its time limit; every later call of the turn failed at once.
      // Only the calls already in flight when it froze waited out their time limit; every call after
      // the first timeout failed without being sent, so the turn waited out one limit, not one per call.
      const logged = run.replicas[0]!.process.stderr().slice(logFrom);
      const afterFirstTimeout = logged.slice(logged.indexOf('was not sent'));
      expect(afterFirstTimeout).toMatch(/"event":"turn.failed"[^\n]*"code":"store_unavailable"[^\n]*was not sent/);
      expect(afterFirstTimeout).not.toMatch(/the store did not answer \w+ within/);
    });

    it('answers /healthz with 503 naming the store while frozen', async () => {
      expect(proxy.frozen).toBe(true);
      const { status, body } = await healthz(run);
      expect(status).toBe(503);
      expect(body.store).toBe('error');
    });

    it('answers the next message once the server answers again, on the history kept before', async () => {
      proxy.thaw();
      await run.dm(0, USER, 'after the thaw');
      await run.waitForReplies(USER, 3, (texts) => texts.at(-1) === 'echo: after the thaw');
      const last = run.model.requests.at(-1)!;
      expect(textsOf(last.body.messages)).toEqual(['before the freeze', 'echo: before the freeze', 'after the thaw']);
      expect((await healthz(run)).status).toBe(200);
    });
  });
}
