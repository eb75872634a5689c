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
    expect(config).toMatchObject({ STORE_URL: 'sqlite://data/bot.sqlite', MAX_TOKENS: 1024, LOG_LEVEL: 'info', HISTORY_TOKEN_BUDGET: 50_000 });
  });

  it('names the missing API key', () => {
    expect(issuesOf({})).toEqual([expect.stringMatching(/^ANTHROPIC_API_KEY: required/)]);
  });

  it('reports one line per wrong value, naming the variable and what was expected', () => {
    const issues = issuesOf({ ANTHROPIC_API_KEY: 'k', MAX_TOKENS: 'lots', TEMPERATURE: '7', LOG_LEVEL: 'loud', ANTHROPIC_BASE_URL: 'not a url' });
    expect(issues).toEqual([
      'ANTHROPIC_BASE_URL: expected a URL such as https://api.anthropic.com',
      'MAX_TOKENS: expected a whole number',
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
