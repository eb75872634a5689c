import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/core/index.js';

describe('file and agent-experience settings', () => {
  it('default to 10 MB a file, 16 MB a message, no custom prompts and no auto-threads', () => {
    const config = parseConfig({ ANTHROPIC_API_KEY: 'k' });
    expect(config).toMatchObject({ MAX_FILE_BYTES: 10 * 1024 * 1024, MAX_MESSAGE_FILE_BYTES: 16 * 1024 * 1024, DISCORD_AUTO_THREAD: false });
    expect(config.SLACK_SUGGESTED_PROMPTS).toBeUndefined();
  });

  it('read SLACK_SUGGESTED_PROMPTS as prompts separated by |', () => {
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k', SLACK_SUGGESTED_PROMPTS: 'Summarise this | What is 2+2? |' }).SLACK_SUGGESTED_PROMPTS).toEqual(['Summarise this', 'What is 2+2?']);
  });

  it('refuse more than four prompts, naming the setting', () => {
    expect(() => parseConfig({ ANTHROPIC_API_KEY: 'k', SLACK_SUGGESTED_PROMPTS: 'a|b|c|d|e' })).toThrow(ConfigError);
    try {
      parseConfig({ ANTHROPIC_API_KEY: 'k', SLACK_SUGGESTED_PROMPTS: 'a|b|c|d|e' });
    } catch (error) {
      expect((error as ConfigError).issues).toEqual(['SLACK_SUGGESTED_PROMPTS: expected at most 4 prompts separated by |']);
    }
  });
});
