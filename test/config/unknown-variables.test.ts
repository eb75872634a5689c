import { describe, expect, it } from 'vitest';
import { editDistance, unknownVariableWarnings } from '../../src/config/unknown-variables.js';

describe('unknown variables', () => {
  it('names the closest known variable for a typo', () => {
    expect(unknownVariableWarnings({ SLAK_BOT_TOKEN: 'xoxb-1' })).toEqual(['SLAK_BOT_TOKEN is not a Parley setting and is ignored; did you mean SLACK_BOT_TOKEN?']);
    expect(unknownVariableWarnings({ MAX_TOKEN: '10' })).toEqual(['MAX_TOKEN is not a Parley setting and is ignored; did you mean MAX_TOKENS?']);
  });

  it('warns about any unknown name in a Parley family', () => {
    expect(unknownVariableWarnings({ DISCORD_BOT_TOKEN: 't', ANTHROPIC_KEY: 'k' })).toEqual([
      'ANTHROPIC_KEY is not a Parley setting and is ignored; did you mean ANTHROPIC_API_KEY?',
      'DISCORD_BOT_TOKEN is not a Parley setting and is ignored; did you mean DISCORD_TOKEN?',
    ]);
  });

  it('leaves the rest of the environment and the SDK’s own variables alone', () => {
    expect(unknownVariableWarnings({ HOME: '/root', PATH: '/bin', HOSTNAME: 'box', TERM: 'xterm', NODE_ENV: 'production', ANTHROPIC_LOG: 'debug', SLACK_BOT_TOKEN: 'x' })).toEqual([]);
  });

  it('leaves the SDK’s tracing settings alone, which apply once ANTHROPIC_OPEN_TELEMETRY=true', () => {
    expect(
      unknownVariableWarnings({
        ANTHROPIC_OPEN_TELEMETRY: 'true',
        ANTHROPIC_OPEN_TELEMETRY_PROPAGATION: 'true',
        ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE: 'none',
        ANTHROPIC_OPEN_TELEMETRY_TRACES_MAX_CONTENT_BYTES: '1000',
      }),
    ).toEqual([]);
  });

  it('counts a swapped pair of letters as one slip', () => {
    expect(editDistance('SALCK', 'SLACK')).toBe(1);
    expect(editDistance('PORT', 'PORT')).toBe(0);
  });
});
