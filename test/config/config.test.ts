import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/core/index.js';

const issuesOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  it('needs only an API key and fills in the defaults', () => {
    const config = parseConfig({ ANTHROPIC_API_KEY: 'sk-ant-test' });
    expect(config).toMatchObject({ STORE_URL: 'sqlite://data/bot.sqlite', MAX_TOKENS: 1024, HOST: '0.0.0.0', HISTORY_TOKEN_BUDGET: 50_000 });
    // Unset, not defaulted: the terminal chat and the platforms pick different levels (app.ts).
    expect(config.LOG_LEVEL).toBeUndefined();
  });

  it('names the missing API key', () => {
    expect(issuesOf({})).toEqual([expect.stringMatching(/^ANTHROPIC_API_KEY: required/)]);
  });

  it('reports one line per wrong value, naming the variable and what was expected', () => {
    const issues = issuesOf({ ANTHROPIC_API_KEY: 'k', MAX_TOKENS: 'lots', TEMPERATURE: '7', LOG_LEVEL: 'loud', ANTHROPIC_BASE_URL: 'not a url' });
    expect(issues).toEqual([
      'ANTHROPIC_BASE_URL: expected a URL such as https://api.anthropic.com',
      'MAX_TOKENS: expected a whole number 1–64000',
      'TEMPERATURE: expected a number from 0 to 1',
      'LOG_LEVEL: expected one of debug, info, warn, error, silent',
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k', MAX_TOKENS: '' }).MAX_TOKENS).toBe(1024);
  });

  it('requires the signing secret or an app token with a Slack bot token', () => {
    expect(issuesOf({ ANTHROPIC_API_KEY: 'k', SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: required/)]);
  });

  it('checks the Socket Mode token prefix', () => {
    expect(issuesOf({ ANTHROPIC_API_KEY: 'k', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-wrong' })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN: expected an app-level token/),
    ]);
  });

  it('splits allow-lists on commas', () => {
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k', ALLOW_USERS: 'U1, U2,,' }).ALLOW_USERS).toEqual(['U1', 'U2']);
  });
});

describe('prompt caching setting', () => {
  it('is on by default and can be turned off', () => {
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k' }).PROMPT_CACHING).toBe(true);
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k', PROMPT_CACHING: 'false' }).PROMPT_CACHING).toBe(false);
  });

  it('rejects anything but true or false', () => {
    expect(() => parseConfig({ ANTHROPIC_API_KEY: 'k', PROMPT_CACHING: 'yes' })).toThrow(/PROMPT_CACHING: expected true or false/);
  });
});

describe('empty values', () => {
  it('mean unset for every variable, so a copied .env.example parses', async () => {
    const { readFile } = await import('node:fs/promises');
    const example = (await readFile('.env.example', 'utf8')).split('\n').filter((line) => /^[A-Z_]+=/.test(line));
    const env = Object.fromEntries(example.map((line) => [line.split('=', 1)[0]!, line.slice(line.indexOf('=') + 1)]));
    expect(Object.values(env).every((value) => value === '')).toBe(true);
    const config = parseConfig({ ...env, ANTHROPIC_API_KEY: 'k' });
    expect(config).toMatchObject({ MAX_TOKENS: 1024, PROMPT_CACHING: true, HOST: '0.0.0.0' });
    expect([config.LOG_LEVEL, config.PORT]).toEqual([undefined, undefined]);
  });

  it('treat a blank value as unset too', () => {
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k', DISCORD_GUILD_ID: '   ' }).DISCORD_GUILD_ID).toBeUndefined();
  });
});

describe('ranges and formats in messages', () => {
  it('states the range of a number that is out of it', () => {
    expect(issuesOf({ ANTHROPIC_API_KEY: 'k', MAX_TOKENS: '100000', PORT: '70000' })).toEqual([
      'MAX_TOKENS: expected a whole number 1–64000',
      'PORT: expected a port 1–65535 (0 picks a free one)',
    ]);
  });

  it('wants a snowflake for DISCORD_GUILD_ID', () => {
    expect(issuesOf({ ANTHROPIC_API_KEY: 'k', DISCORD_TOKEN: 't', DISCORD_GUILD_ID: 'my-server' })).toEqual([
      expect.stringMatching(/^DISCORD_GUILD_ID: expected a server id \(17–20 digits/),
    ]);
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k', DISCORD_TOKEN: 't', DISCORD_GUILD_ID: '1098765432109876543' }).DISCORD_GUILD_ID).toBe('1098765432109876543');
  });

  it('takes the Discord shards this process runs, each below the shard count', () => {
    const config = parseConfig({ ANTHROPIC_API_KEY: 'k', DISCORD_TOKEN: 't', DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '1, 3' });
    expect([config.DISCORD_SHARD_COUNT, config.DISCORD_SHARDS]).toEqual([4, [1, 3]]);
    expect(issuesOf({ ANTHROPIC_API_KEY: 'k', DISCORD_TOKEN: 't', DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '1,2' })).toEqual(['DISCORD_SHARDS: shard ids run from 0 to DISCORD_SHARD_COUNT - 1 (1); got 2']);
    expect(issuesOf({ ANTHROPIC_API_KEY: 'k', DISCORD_TOKEN: 't', DISCORD_SHARDS: '0' })).toEqual([expect.stringMatching(/^DISCORD_SHARD_COUNT: required with DISCORD_SHARDS/)]);
  });

  it('takes HOST as the bind address, every interface by default', () => {
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k', HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
    expect(issuesOf({ ANTHROPIC_API_KEY: 'k', HOST: 'http://example.com/' })).toEqual([expect.stringMatching(/^HOST: expected an address to listen on/)]);
  });
});

describe('all problems at once', () => {
  it('reports cross-field problems together with single-field ones', () => {
    expect(issuesOf({ MAX_TOKENS: 'lots', SLACK_BOT_TOKEN: 'xoxb-1', DISCORD_GUILD_ID: '123456789012345678' })).toEqual([
      expect.stringMatching(/^ANTHROPIC_API_KEY: required/),
      'MAX_TOKENS: expected a whole number 1–64000',
      expect.stringMatching(/^SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN/),
      expect.stringMatching(/^DISCORD_TOKEN: required with DISCORD_GUILD_ID/),
    ]);
  });
});
