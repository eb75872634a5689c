import * as z from 'zod/v4';
import { parsePriceOverrides } from '../core/prices.js';

// A current model from the installed SDK's model list; override with ANTHROPIC_MODEL.
const DEFAULT_MODEL = 'claude-sonnet-5-5';

const optionalString = z.string().trim().min(1).optional().catch(undefined);
const csv = z
  .string()
  .optional()
  .transform((value) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : []));

/** Every setting Parley reads from the environment (and .env), with its default. */
export const configSchema = z
  .object({
    ANTHROPIC_API_KEY: z.string({ error: 'required: your Anthropic API key (sk-ant-...)' }).trim().min(1, 'required: your Anthropic API key (sk-ant-...)'),
    ANTHROPIC_BASE_URL: z.url({ error: 'expected a URL such as https://api.anthropic.com' }).optional(),
    ANTHROPIC_MODEL: z.string().trim().min(1).default(DEFAULT_MODEL),
    MAX_TOKENS: z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(1).max(128_000).default(1024),
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
    PROMPT_CACHING: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    CONVERSATION_CACHE_SIZE: z.coerce.number().int().min(0).default(1000),
    // Performance (issue 15): turns past this wait for a free slot, so a burst cannot starve Slack's
    // 3-second acknowledgement; see bench/RESULTS.md for how the default was chosen. 0 = no bound.
    MAX_CONCURRENT_TURNS: z.coerce.number().int().min(0).default(64),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'expected one of debug, info, warn, error, silent' }).default('info'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),

    SLACK_BOT_TOKEN: optionalString,
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString,
    SLACK_API_URL: z.url({ error: 'expected a URL such as https://slack.com/api/' }).optional(),

    DISCORD_TOKEN: optionalString,
    DISCORD_API_URL: z.url({ error: 'expected a URL such as https://discord.com/api' }).optional(),
    DISCORD_GUILD_ID: optionalString,

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
    STORE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
    DISCORD_SHARD_COUNT: z.coerce.number().int().min(1).optional(),
    DISCORD_SHARDS: z
      .string()
      .optional()
      .transform((value) => (value ? value.split(',').map((item) => Number(item.trim())) : undefined))
      .pipe(z.array(z.number().int().min(0), { error: 'expected shard ids such as 0,1' }).optional()),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required with SLACK_BOT_TOKEN (HTTP mode), or set SLACK_APP_TOKEN for Socket Mode' });
    }
    if (env.SLACK_APP_TOKEN && !env.SLACK_APP_TOKEN.startsWith('xapp-')) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'expected an app-level token starting with xapp-' });
    }
    if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required with SLACK_APP_TOKEN (the xoxb- bot token)' });
    }
  });

/** The typed configuration. */
export type Config = z.infer<typeof configSchema>;
