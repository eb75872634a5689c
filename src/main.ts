import { startApp } from './app.js';
import { loadDotEnv, parseConfig } from './config/load-config.js';
import { ConfigError, ParleyError } from './core/index.js';

// Process concerns only: read settings, start, turn start-up failures into readable lines, stop cleanly.
async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const app = await startApp(config);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info('app.stopping', { signal });
    await app.stop(config.SHUTDOWN_TIMEOUT_MS);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.finished;
  await shutdown('end of input');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(
      `Parley cannot start. Fix these settings in .env or the environment (see .env.example):\n${error.issues.map((issue) => `  ${issue}`).join('\n')}\n`,
    );
  } else if (error instanceof ParleyError) {
    process.stderr.write(`Parley cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`Parley cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
