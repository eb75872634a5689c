import * as z from 'zod/v4';
import { DEFAULT_PENDING_MAX_AGE_MS, parsePriceOverrides } from '../core/index.js';

// A current model from the installed SDK's model list; override with ANTHROPIC_MODEL.
const DEFAULT_MODEL = 'claude-sonnet-5-5';

const optionalString = z.string().trim().min(1).optional().catch(undefined);

/** A whole number in [min, max]; every message states the range, e.g. `expected a whole number 1–64000`. */
const wholeNumber = (min: number, max: number, what = 'a whole number') => {
  const message = `expected ${what} ${min}–${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

const PORT_RANGE = 'expected a port 1–65535 (0 picks a free one)';

/** Default of PORT, when unset. */
export const DEFAULT_PORT = 3000;
/** Default of HOST: every interface, as containers and most hosts expect. */
export const DEFAULT_HOST = '0.0.0.0';
/** Default of LOG_LEVEL with a platform; the terminal chat shows only warnings unless LOG_LEVEL is set. */
export const DEFAULT_LOG_LEVEL = 'info';
const csv = z
  .string()
  .optional()
  .transform((value) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : []));

/** Every setting Parley reads from the environment (and .env), with its default. */
export const configFields = z.object({
    ANTHROPIC_API_KEY: z.string({ error: 'required: your Anthropic API key (sk-ant-...)' }).trim().min(1, 'required: your Anthropic API key (sk-ant-...)'),
    ANTHROPIC_BASE_URL: z.url({ error: 'expected a URL such as https://api.anthropic.com' }).optional(),
    ANTHROPIC_MODEL: z.string().trim().min(1).default(DEFAULT_MODEL),
    // 64,000 is the largest max_tokens the current Sonnet/Opus models accept for one answer.
    MAX_TOKENS: wholeNumber(1, 64_000).default(1024),
    TEMPERATURE: z.coerce.number({ error: 'expected a number from 0 to 1' }).min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1').optional(),
    SYSTEM_PROMPT: z
      .string()
      .default('You are Parley, a helpful assistant in a team chat. Be concise. Use the calculator tool for arithmetic.'),
    STORE_URL: z.string().trim().min(1).default('sqlite://data/bot.sqlite'),
    HISTORY_TOKEN_BUDGET: z.coerce.number({ error: 'expected a whole number of tokens' }).int().min(256, 'expected at least 256 tokens').default(50_000),
    MAX_TOOL_STEPS: z.coerce.number().int().min(1).max(50).default(8),
    MAX_INPUT_CHARS: z.coerce.number().int().min(1).default(20_000),
    MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    MODEL_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
    // Turn integrity (issue 9): silence allowed between stream events, and the model's context window
    // when the built-in table (src/core/context-window.ts) does not know the model.
    MODEL_STREAM_IDLE_MS: z.coerce.number({ error: 'expected a whole number of milliseconds' }).int().min(1000, 'expected at least 1000 ms').default(30_000),
    MODEL_CONTEXT_TOKENS: z.coerce.number({ error: 'expected a whole number of tokens' }).int().min(4096, 'expected at least 4096 tokens').optional(),
    PROMPT_CACHING: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    // The Anthropic SDK's own variable (it reads the rest, ANTHROPIC_OPEN_TELEMETRY_*, itself when this is
    // true). Unset means off, not the SDK's default of on: Parley registers no tracer provider.
    ANTHROPIC_OPEN_TELEMETRY: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .default('false')
      .transform((value) => value === 'true'),
    CONVERSATION_CACHE_SIZE: z.coerce.number().int().min(0).default(1000),
    // Performance (issue 15): turns past this wait for a free slot, so a burst cannot starve Slack's
    // 3-second acknowledgement; see bench/RESULTS.md for how the default was chosen. 0 = no bound.
    MAX_CONCURRENT_TURNS: z.coerce.number().int().min(0).default(64),
    // No default here: unset means "info" with a platform and "warn" in the terminal chat (app.ts).
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'expected one of debug, info, warn, error, silent' }).optional(),
    // Unset means DEFAULT_PORT; the terminal chat only serves health when PORT is set. 0 picks a free port (tests).
    PORT: z.coerce.number({ error: PORT_RANGE }).int(PORT_RANGE).min(0, PORT_RANGE).max(65535, PORT_RANGE).optional(),
    HOST: z.string().trim().min(1).regex(/^[\w.:[\]-]+$/, 'expected an address to listen on, such as 0.0.0.0, 127.0.0.1 or ::').default(DEFAULT_HOST),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),

    SLACK_BOT_TOKEN: optionalString,
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString,
    SLACK_API_URL: z.url({ error: 'expected a URL such as https://slack.com/api/' }).optional(),

    DISCORD_TOKEN: optionalString,
    DISCORD_API_URL: z.url({ error: 'expected a URL such as https://discord.com/api' }).optional(),
    // A snowflake: 17–20 digits (Discord ids are 64-bit; today's are 18–19 digits long).
    DISCORD_GUILD_ID: z.string().trim().regex(/^\d{17,20}$/, 'expected a server id (17–20 digits; Developer Mode → right-click the server → Copy Server ID)').optional(),

    // Files and the Slack agent experience (issue 13).
    MAX_FILE_BYTES: z.coerce.number({ error: 'expected a whole number of bytes' }).int().min(1024, 'expected at least 1024 bytes').default(10 * 1024 * 1024),
    MAX_MESSAGE_FILE_BYTES: z.coerce.number({ error: 'expected a whole number of bytes' }).int().min(1024, 'expected at least 1024 bytes').default(16 * 1024 * 1024),
    SLACK_SUGGESTED_PROMPTS: z
      .string()
      .optional()
      .transform((value) => (value ? value.split('|').map((item) => item.trim()).filter(Boolean) : undefined))
      .refine((prompts) => !prompts || prompts.length <= 4, 'expected at most 4 prompts separated by |'),

    DISCORD_AUTO_THREAD: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .default('false')
      .transform((value) => value === 'true'),
    // Conversations and commands (issue 11): the largest conversation.json /import accepts (5 MB).
    MAX_IMPORT_BYTES: z.coerce.number({ error: 'expected a whole number of bytes' }).int().min(1024, 'expected at least 1024 bytes').default(5 * 1024 * 1024),

    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
    DAILY_TOKEN_BUDGET: z.coerce.number().int().min(0).default(0),
    // Token economy (issue 12): a dollar budget, price overrides, history compaction.
    DAILY_COST_BUDGET_USD: z.coerce.number({ error: 'expected a number of US dollars' }).min(0).default(0),
    COMPACTION: z.enum(['summary', 'off'], { error: 'expected summary or off' }).default('summary'),
    SUMMARY_MODEL: z.string().trim().min(1).optional(),
    MODEL_PRICES: z
      .string()
      .optional()
      .transform((text, ctx) => {
        try {
          return parsePriceOverrides(text ?? '');
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    ALLOW_USERS: csv,
    DENY_USERS: csv,
    ALLOW_CHANNELS: csv,
    DENY_CHANNELS: csv,
    ALLOW_WORKSPACES: csv,
    DENY_WORKSPACES: csv,

    // Several processes on one store (issue 10, docs/scaling.md).
    LEASE_TTL_MS: z.coerce.number().int().min(1000).default(30_000),
    // A message acknowledged by a process that died is answered by another if younger than this, else the person is asked to resend it.
    PENDING_MAX_AGE_MS: z.coerce.number({ error: 'expected a whole number of milliseconds' }).int().min(0).default(DEFAULT_PENDING_MAX_AGE_MS),
    STORE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
    DISCORD_SHARD_COUNT: z.coerce.number().int().min(1).optional(),
    DISCORD_SHARDS: z
      .string()
      .optional()
      .transform((value) => (value ? value.split(',').map((item) => Number(item.trim())) : undefined))
      .pipe(z.array(z.number().int().min(0), { error: 'expected shard ids such as 0,1' }).optional()),

    // Operations (issue 14): start-up checks and the metrics endpoint.
    STARTUP_CHECKS: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    METRICS_TOKEN: optionalString,
});

/**
 * Rules between settings, as `NAME: message` lines. They read the raw (non-empty) values, so they are
 * reported together with every single-field problem instead of only once those are fixed.
 */
export function crossFieldIssues(env: Readonly<Record<string, string>>): string[] {
  const issues: string[] = [];
  if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    issues.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (HTTP mode), or set SLACK_APP_TOKEN for Socket Mode');
  }
  if (env.SLACK_APP_TOKEN && !env.SLACK_APP_TOKEN.startsWith('xapp-')) issues.push('SLACK_APP_TOKEN: expected an app-level token starting with xapp-');
  if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) issues.push('SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN (the xoxb- bot token)');
  if (env.DISCORD_GUILD_ID && !env.DISCORD_TOKEN) issues.push('DISCORD_TOKEN: required with DISCORD_GUILD_ID (the guild only says where to register commands)');
  issues.push(...shardIssues(env));
  return issues;
}

// The gateway closes a connection whose shard id is not below the count (4010): say so before connecting.
function shardIssues(env: Readonly<Record<string, string>>): string[] {
  if (!env.DISCORD_SHARDS) return [];
  const count = Number(env.DISCORD_SHARD_COUNT);
  if (!env.DISCORD_SHARD_COUNT) return ['DISCORD_SHARD_COUNT: required with DISCORD_SHARDS (how many shards there are in all, across every process)'];
  if (!Number.isInteger(count)) return [];
  const outside = env.DISCORD_SHARDS.split(',').map((id) => Number(id.trim())).filter((id) => Number.isInteger(id) && id >= count);
  return outside.length > 0 ? [`DISCORD_SHARDS: shard ids run from 0 to DISCORD_SHARD_COUNT - 1 (${count - 1}); got ${outside.join(', ')}`] : [];
}

/** The whole schema, single fields and cross-field rules, for callers that want one zod schema. */
export const configSchema = configFields.superRefine((env, ctx) => {
  const raw = Object.fromEntries(Object.entries(env).filter(([, value]) => typeof value === 'string' && value !== '')) as Record<string, string>;
  for (const issue of crossFieldIssues(raw)) {
    const [name, ...message] = issue.split(': ');
    ctx.addIssue({ code: 'custom', path: [name!], message: message.join(': ') });
  }
});

/** The typed configuration. */
export type Config = z.infer<typeof configSchema>;
