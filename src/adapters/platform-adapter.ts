import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandDeps } from '../commands/index.js';
import type { Logger, Parley } from '../core/index.js';

/** One chat platform plugged into the core. Every adapter has this shape. */
export interface PlatformAdapter {
  /** "slack", "discord", "terminal": used in logs. */
  readonly name: string;
  /** Connects and starts handling events; resolves when ready to serve. */
  start(): Promise<void>;
  /** Stops taking new events; in-flight turns are drained by the core's close(). */
  stop(): Promise<void>;
}

/** What every adapter gets from main.ts besides its own config. */
export interface AdapterDeps {
  parley: Parley;
  logger: Logger;
  /** What the command table runs against; built from `parley` with default limits when absent. */
  commands?: CommandDeps;
  /** The health check, for an adapter whose HTTP server owns PORT (Slack's HTTP receiver) to mount. */
  health?: HttpRoute;
}

/** A plain Node request handler at a path. */
export interface HttpRoute {
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}
