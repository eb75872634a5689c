// Routes Bolt's and the Web API client's log lines into Parley's structured logger.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/index.js';

const RANK: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/**
 * A Slack SDK logger writing `slack.sdk` lines. Bolt's info chatter ("connected", "retrying") goes to
 * debug so the info log stays one line per turn; warnings and errors keep their level.
 */
export function slackSdkLogger(logger: Logger): SlackLogger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const write = (at: LogLevel, emit: (event: string, fields: Record<string, unknown>) => void) => (...parts: unknown[]) => {
    if (RANK[at] < RANK[level]) return;
    const message = parts.map((part) => (part instanceof Error ? `${part.name}: ${part.message}` : typeof part === 'string' ? part : safeJson(part))).join(' ');
    emit('slack.sdk', { source: name, message });
  };
  return {
    debug: write(LogLevel.DEBUG, (event, fields) => logger.debug(event, fields)),
    info: write(LogLevel.INFO, (event, fields) => logger.debug(event, fields)),
    warn: write(LogLevel.WARN, (event, fields) => logger.warn(event, fields)),
    error: write(LogLevel.ERROR, (event, fields) => logger.error(event, fields)),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: (next) => void (name = next),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
