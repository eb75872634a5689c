import { secretsOf, startApp } from './app.js';
import { loadDotEnv, parseConfig, setVariables } from './config/load-config.js';
import { unknownVariableWarnings } from './config/unknown-variables.js';
import type { Config } from './config/schema.js';
import { ConfigError, ParleyError, maskSecrets } from './core/index.js';

// Beyond SHUTDOWN_TIMEOUT_MS, what closing the store may take before the process gives up on it.
const FORCED_EXIT_GRACE_MS = 5_000;

// Process concerns only: read settings, start, turn start-up failures into readable lines, stop cleanly.
async function main(): Promise<void> {
  loadDotEnv();
  for (const warning of unknownVariableWarnings(setVariables(process.env))) write(`Parley: warning: ${warning}\n`);
  const config = parseConfig(process.env);
  started = config;
  // Listening for signals before start-up: a SIGTERM that arrives while the adapters connect
  // (an orchestrator giving up on a slow start) stops the app once it is up, instead of killing it mid-way.
  let requested: string | undefined;
  let shutdown = (signal: string) => void (requested ??= signal);
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  const app = await startApp(config);
  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    app.logger.info('app.stopping', { signal });
    // A store that never closes must not keep the process alive past its deadline.
    setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS + FORCED_EXIT_GRACE_MS).unref();
    await app.stop(config.SHUTDOWN_TIMEOUT_MS);
    process.exit(exitCode);
  };
  shutdown = (signal) => void stop(signal);
  if (requested) await stop(requested);
  // A bug must not take running turns down with it unlogged; the line goes through the masking logger.
  process.on('unhandledRejection', (reason) => app.logger.error('app.unhandled_rejection', { error: reason }));
  process.on('uncaughtException', (error) => {
    app.logger.error('app.uncaught_exception', { error });
    void stop('uncaughtException', 1);
  });
  const chat = await app.finished;
  // Under systemd or `docker run` without -i, stdin is empty: that is a missing platform, not a chat.
  if (chat.messages === 0 && !process.stdin.isTTY) {
    write(`Parley: ${NO_PLATFORM}\n`);
    await stop('end of input', 2);
  }
  await stop('end of input');
}

let started: Config | undefined;

const NO_PLATFORM =
  'no platform is configured and standard input ended before any message: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) for Slack, or DISCORD_TOKEN for Discord; or run Parley in a terminal for the local chat';

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    write(
      `Parley cannot start. Fix these settings in .env or the environment (see .env.example):\n${error.issues.map((issue) => `  ${issue}`).join('\n')}\n`,
    );
  } else if (error instanceof ParleyError) {
    write(`Parley cannot start: ${error.message}\n`);
  } else {
    write(`Parley cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});

// Start-up errors can quote what a library received (a URL, a header); mask every configured secret.
function write(text: string): void {
  process.stderr.write(maskSecrets(text, started ? secretsOf(started) : []));
}
