import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLeanFetch, type FetchLike } from '../../src/http/lean-fetch.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A real HTTP server on 127.0.0.1 that records what it received and how many connections it saw. */
async function startServer(handler: Handler) {
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    connections: () => connections,
    closeAll: () => server.closeAllConnections(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => server.closeAllConnections()),
  };
}

/** Resolves once `condition` holds, checking every few milliseconds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A fallback that records what it was handed and answers 299. */
function recordingFallback() {
  const calls: Array<{ input: unknown; init?: RequestInit }> = [];
  const fallback: FetchLike = async (input, init) => {
    calls.push({ input, ...(init ? { init } : {}) });
    return new Response('fallback', { status: 299 });
  };
  return { calls, fallback };
}

describe('the lean fetch the SDKs call their APIs with', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let handler: Handler;
  beforeEach(async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    server = await startServer((req, res, body) => handler(req, res, body));
  });
  afterEach(() => server.close());

  it('sends the method, headers and body, and answers with status, headers, body and url', async () => {
    handler = (_req, res) => res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-oauth-scopes': 'chat:write' }).end('{"ok":true,"ts":"1.2"}');
    const response = await createLeanFetch()(`${server.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-1' },
      body: 'channel=D1&text=h%C3%A9',
    });
    expect([response.status, response.statusText, response.ok]).toEqual([201, 'Made', true]);
    expect(response.headers.get('x-oauth-scopes')).toBe('chat:write');
    expect(response.url).toBe(`${server.url}/api/chat.postMessage`);
    expect(await response.json()).toEqual({ ok: true, ts: '1.2' });
    expect(server.received[0]).toMatchObject({ method: 'POST', url: '/api/chat.postMessage', body: 'channel=D1&text=h%C3%A9' });
    expect(server.received[0]!.headers).toMatchObject({ authorization: 'Bearer xoxb-1', 'content-type': 'application/x-www-form-urlencoded', 'content-length': '23' });
  });

  it('hands over an event stream as it arrives, before the server has finished', async () => {
    let finish: () => void = () => undefined;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: one\ndata: {}\n\n');
      finish = () => res.end('event: two\ndata: {}\n\n');
    };
    const response = await createLeanFetch()(`${server.url}/v1/messages`, { method: 'POST', body: '{}' });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('event: one\ndata: {}\n\n');
    finish();
    const second = await reader.read();
    expect(Buffer.from(second.value!).toString()).toBe('event: two\ndata: {}\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('fails a stream read when the connection drops mid-stream, and closes the connection when the reader cancels', async () => {
    let closed = () => undefined as void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write('event: one\ndata: {}\n\n', () => {
        if (req.url === '/drop') req.socket.destroy();
      });
      if (req.url === '/cancel') res.on('close', closed);
    };
    const fetch = createLeanFetch();
    const dropped = (await fetch(`${server.url}/drop`, { method: 'POST', body: '{}' })).body!.getReader();
    await dropped.read();
    await expect(dropped.read()).rejects.toBeInstanceOf(Error);

    const cancelled = (await fetch(`${server.url}/cancel`, { method: 'POST', body: '{}' })).body!.getReader();
    expect(Buffer.from((await cancelled.read()).value!).toString()).toBe('event: one\ndata: {}\n\n');
    await cancelled.cancel();
    // Ends only if cancelling the stream closed the connection under it.
    await serverSawClose;
  });

  it('rejects with the signal’s reason when aborted before the answer', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const reason = new Error('too slow');
    const pending = createLeanFetch()(`${server.url}/slow`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('errors a body being read with the signal’s reason when aborted mid-stream', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).write('event: one\ndata: {}\n\n');
    const controller = new AbortController();
    const reason = new Error('stalled');
    const response = await createLeanFetch()(`${server.url}/v1/messages`, { method: 'POST', body: '{}', signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort(reason);
    await expect(reader.read()).rejects.toBe(reason);
  });

  it('fails a refused connection as fetch does: a TypeError whose cause names the socket error', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const failure = await createLeanFetch()(`${closed.url}/api/chat.postMessage`, { method: 'POST', body: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  it('answers 204 with no body', async () => {
    handler = (_req, res) => res.writeHead(204).end();
    const response = await createLeanFetch()(`${server.url}/nothing`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('decodes a gzip body', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"zipped":true}'));
    expect(await (await createLeanFetch()(`${server.url}/zipped`)).json()).toEqual({ zipped: true });
  });

  it('reads a small JSON body whole: text, json and arrayBuffer give it once, and every header is kept', async () => {
    handler = (_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('x-multi', ['one', 'two']);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"ok":true,"text":"h\u00e9"}');
    };
    const fetch = createLeanFetch();
    const first = await fetch(`${server.url}/api/chat.postMessage`, { method: 'POST', body: 'x' });
    expect(first.headers.get('x-multi')).toBe('one, two');
    expect(first.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await first.text()).toBe('{"ok":true,"text":"hé"}');
    expect(first.bodyUsed).toBe(true);
    await expect(first.text()).rejects.toBeInstanceOf(TypeError);
    expect(await (await fetch(`${server.url}/a`)).json()).toEqual({ ok: true, text: 'hé' });
    expect(Buffer.from(await (await fetch(`${server.url}/b`)).arrayBuffer()).toString()).toBe('{"ok":true,"text":"hé"}');
  });

  it('gives a body read whole as a real Response: a stream on request, clones, blobs, and fetch’s errors', async () => {
    handler = (req, res) => {
      if (req.url === '/bad') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":');
      res.writeHead(200, { 'content-type': 'application/json' }).end('\ufeff{"ok":true}');
    };
    const fetch = createLeanFetch();
    const answer = await fetch(`${server.url}/api/auth.test`);
    expect(answer).toBeInstanceOf(Response);
    expect([answer.ok, answer.redirected, answer.bodyUsed]).toEqual([true, false, false]);
    const copy = answer.clone();
    // fetch's text() drops a leading byte order mark.
    expect(await answer.text()).toBe('{"ok":true}');
    expect(() => answer.clone()).toThrow(TypeError);
    expect(await copy.json()).toEqual({ ok: true });
    expect(copy.url).toBe(`${server.url}/api/auth.test`);

    const streamed = await fetch(`${server.url}/api/auth.test`);
    const reader = streamed.body!.getReader();
    const chunk = await reader.read();
    expect(Buffer.from(chunk.value!).toString()).toBe('\ufeff{"ok":true}');
    // Once its stream was read, the body is gone, as in fetch.
    await expect(streamed.text()).rejects.toBeInstanceOf(TypeError);

    const blob = await (await fetch(`${server.url}/api/auth.test`)).blob();
    expect([blob.type, blob.size]).toEqual(['application/json', 14]);
    await expect((await fetch(`${server.url}/bad`)).json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it('rejects with the signal’s reason when aborted while a whole body is arriving', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }).write('{"partial":');
    const controller = new AbortController();
    const reason = new Error('too slow');
    const pending = createLeanFetch()(`${server.url}/api/chat.postMessage`, { method: 'POST', body: 'x', signal: controller.signal });
    await until(() => server.received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('fails as fetch does when the connection ends before a whole body has arrived', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }).write('{"partial":', () => req.socket.destroy());
    };
    const failure = await createLeanFetch()(`${server.url}/api/chat.postMessage`, { method: 'POST', body: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect((failure as TypeError & { cause: unknown }).cause).toBeInstanceOf(Error);
  });

  it('hands over a body said to be past the whole-body limit as it arrives', async () => {
    let finish: () => void = () => undefined;
    const big = 2 * 1024 * 1024;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(big) }).write(Buffer.alloc(1024, 'a'));
      finish = () => res.end(Buffer.alloc(big - 1024, 'b'));
    };
    // The await returns only because the answer is handed over before the server has finished.
    const large = await createLeanFetch()(`${server.url}/large`);
    finish();
    const bytes = Buffer.from(await large.arrayBuffer());
    expect([bytes.length, bytes.subarray(0, 1024).every((byte) => byte === 97), bytes.at(-1)]).toEqual([big, true, 98]);
  });

  it('reads a body of unknown length whole, and hands it over as a stream from its first byte once it outgrows the limit', async () => {
    let finish: () => void = () => undefined;
    const limit = 1024 * 1024;
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/small') return void res.write('{"a":', () => setTimeout(() => res.end('1}'), 20));
      res.write(Buffer.alloc(limit, 'a'));
      res.write(Buffer.alloc(10, 'b'));
      finish = () => res.end(Buffer.alloc(5, 'c'));
    };
    const small = await createLeanFetch()(`${server.url}/small`);
    // Read whole: the connection can go now without cutting the body.
    server.closeAll();
    expect(await small.json()).toEqual({ a: 1 });
    // The await returns only because the answer is handed over before the server has finished.
    const large = await createLeanFetch()(`${server.url}/large`);
    finish();
    const text = await large.text();
    expect([text.length, text.indexOf('b'), text.indexOf('c'), text.startsWith('aaaa')]).toEqual([limit + 15, limit, limit + 10, true]);
  });

  it('keeps one connection for requests one after another', async () => {
    const fetch = createLeanFetch();
    for (let i = 0; i < 3; i++) await (await fetch(`${server.url}/api/auth.test`, { method: 'POST', body: '' })).text();
    expect(server.connections()).toBe(1);
  });

  it('lets a stream pause past the pool’s idle time without cutting it', async () => {
    let finish: () => void = () => undefined;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write('a');
      finish = () => res.end('b');
    };
    const response = await createLeanFetch({ idleSocketMs: 30 })(`${server.url}/v1/messages`, { method: 'POST', body: '{}' });
    const text = response.text();
    await new Promise((resolve) => setTimeout(resolve, 120));
    finish();
    expect(await text).toBe('ab');
  });

  it('speaks TLS to https URLs and refuses a certificate no authority signed, as fetch does', async () => {
    // A test-only key and certificate for 127.0.0.1 (test/fixtures/tls), signed by nobody.
    const tls = createTlsServer({ key: readFileSync('test/fixtures/tls/self-signed.key'), cert: readFileSync('test/fixtures/tls/self-signed.crt') }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const failure = await createLeanFetch()(`https://127.0.0.1:${(tls.address() as AddressInfo).port}/v1/messages`, { method: 'POST', body: '{}' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TypeError);
      expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    } finally {
      tls.close();
      tls.closeAllConnections();
    }
  });

  it('leaves redirects to the fallback', async () => {
    handler = (_req, res) => res.writeHead(302, { location: '/elsewhere' }).end();
    const { calls, fallback } = recordingFallback();
    const response = await createLeanFetch({ fallback })(`${server.url}/moved`, { method: 'POST', body: 'x', redirect: 'error' });
    expect(response.status).toBe(299);
    expect(calls).toEqual([{ input: `${server.url}/moved`, init: { method: 'POST', body: 'x', redirect: 'error' } }]);
  });

  it('leaves form uploads and Request objects to the fallback, without a request of its own', async () => {
    const { calls, fallback } = recordingFallback();
    const fetch = createLeanFetch({ fallback });
    const form = new FormData();
    form.append('file', new Blob(['bytes']), 'a.txt');
    await fetch(`${server.url}/upload`, { method: 'POST', body: form });
    await fetch(new Request(`${server.url}/request`));
    expect(calls).toHaveLength(2);
    expect(server.received).toHaveLength(0);
  });
});
