// A stand-in for a real API's round trip in front of a fake on 127.0.0.1: every request is forwarded
// `delayMs` after it arrived, and the answer streamed back as it comes. Start-up waits on the model
// check, Slack's auth.test and Discord's REST calls; against the local fakes those cost under a
// millisecond, against the real APIs 50–300 ms each, so only a delay shows what overlapping them saves.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running proxy: `url` stands for the target's base URL (same path). */
export interface DelayingProxy {
  url: string;
  close(): Promise<void>;
}

/** Proxies `target` (an http:// base URL) with `delayMs` added to every request. */
export async function startDelayingProxy(target: string, delayMs: number): Promise<DelayingProxy> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () =>
      setTimeout(() => {
        const forwarded = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forwarded.on('error', () => res.destroy());
        forwarded.end(Buffer.concat(chunks));
      }, delayMs),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname === '/' ? '' : upstream.pathname}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
