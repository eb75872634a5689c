// A TCP proxy on 127.0.0.1 in front of a real server (Redis, PostgreSQL) that a test can freeze:
// while frozen it forwards nothing either way and accepts new connections without passing them on,
// which is what a client sees of a server that stopped answering (a stalled disk, a paused VM, a
// network partition that drops packets instead of refusing them). Thawed, everything queued flows on.
import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  /** The port to connect to instead of the server's. */
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlThrough(url: string): string;
  /** Stops forwarding in both directions (bytes wait in the sockets' buffers). */
  freeze(): void;
  /** Forwards again, queued bytes first. */
  thaw(): void;
  readonly frozen: boolean;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (e.g. `{ host: '127.0.0.1', port: 6379 }`) at a free port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let frozen = false;
  let connections = 0;
  const server = createServer((client) => {
    connections++;
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) for (const socket of pair) socket.pause();
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    urlThrough(url) {
      const through = new URL(url);
      through.hostname = '127.0.0.1';
      through.port = String(port);
      return through.toString();
    },
    freeze() {
      frozen = true;
      // pipe() resumes a paused source on 'drain'; unpiping first keeps a frozen socket frozen.
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    thaw() {
      frozen = false;
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.resume();
      }
    },
    get frozen() {
      return frozen;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
