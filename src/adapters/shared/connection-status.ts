// What a platform connection reports to the readiness check: up, down since when, or closed for good.

/** A platform connection's state, as the readiness check reads it. */
export interface PlatformStatus {
  /** True while the socket (Discord gateway, Slack Socket Mode) is connected. */
  connected: boolean;
  /** When `connected` last changed, in ms since the epoch. */
  sinceMs: number;
  /** Set when the platform closed the connection for good: what to fix. */
  fatal?: string;
}

/** A small state holder an adapter updates from its library's connection events. */
export class ConnectionStatus {
  private state: PlatformStatus;

  constructor(private readonly now: () => number = Date.now) {
    this.state = { connected: false, sinceMs: now() };
  }

  /** The socket is connected (again). */
  up(): void {
    if (this.state.fatal) return;
    if (!this.state.connected) this.state = { connected: true, sinceMs: this.now() };
  }

  /** The socket dropped; the library is reconnecting. */
  down(): void {
    if (this.state.connected) this.state = { connected: false, sinceMs: this.now() };
  }

  /** The platform closed the connection and the library will not reconnect. */
  fatal(reason: string): void {
    this.state = { connected: false, sinceMs: this.now(), fatal: reason };
  }

  /** A copy of the current state. */
  read(): PlatformStatus {
    return { ...this.state };
  }
}
