import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandDeps } from '../commands/index.js';
import type { Logger, Metrics, Parley } from '../core/index.js';

/** One chat platform plugged into the core. Every adapter has this shape. */
export interface PlatformAdapter {
  /** "slack", "discord", "terminal": used in logs. */
  readonly name: string;
  /** Connects and starts handling events; resolves when ready to serve. */
  start(): Promise<void>;
  /** Stops taking new events; in-flight turns are drained by the core's close(). */
  stop(): Promise<void>;
  /** The platform connection, for adapters that hold a socket (Discord gateway, Slack Socket Mode); read by /readyz. */
  status?(): PlatformStatus;
  /** Who the adapter connected as and where it listens, for the ready line (set once start() resolved). */
  readonly identity?: Readonly<Record<string, string | number>>;
}

export type { PlatformStatus } from './shared/connection-status.js';
import type { PlatformStatus } from './shared/connection-status.js';

/** What every adapter gets from main.ts besides its own config. */
export interface AdapterDeps {
  parley: Parley;
  logger: Logger;
  /** What the command table runs against; built from `parley` with default limits when absent. */
  commands?: CommandDeps;
  /** The health check, for an adapter whose HTTP server owns PORT (Slack's HTTP receiver) to mount. */
  health?: HttpRoute;
  /** More operator routes (/livez, /readyz, /metrics) for the server that owns PORT. */
  routes?: HttpRoute[];
  /** Where adapters count platform API errors and 429s. */
  metrics?: Metrics;
}

/** A plain Node request handler at a path. */
export interface HttpRoute {
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}
