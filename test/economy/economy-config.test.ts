import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { priceFor } from '../../src/core/index.js';

const parse = (env: Record<string, string>) => parseConfig({ ANTHROPIC_API_KEY: 'k', ...env });

describe('token economy settings', () => {
  it('summarises by default and accepts off', () => {
    expect(parse({}).COMPACTION).toBe('summary');
    expect(parse({ COMPACTION: 'off' }).COMPACTION).toBe('off');
    expect(() => parse({ COMPACTION: 'api' })).toThrow(/COMPACTION: expected summary or off/);
  });

  it('reads MODEL_PRICES overrides, which win over the list price', () => {
    const { MODEL_PRICES } = parse({ MODEL_PRICES: 'claude-sonnet-5-5=2/10/2.5/0.2, my-gateway-model=1/2/1.25/0.1' });
    expect(priceFor('claude-sonnet-5-5', MODEL_PRICES)).toEqual({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 });
    expect(priceFor('my-gateway-model', MODEL_PRICES)!.output).toBe(2);
    const list = priceFor('claude-sonnet-5-5')!;
    expect([list.input, list.output, list.cacheWrite]).toEqual([3, 15, 3.75]);
    expect(list.cacheRead).toBeCloseTo(0.3, 12);
  });

  it('names the entry of MODEL_PRICES that cannot be read', () => {
    expect(() => parse({ MODEL_PRICES: 'claude-sonnet-5-5=3/15' })).toThrow(/MODEL_PRICES: "claude-sonnet-5-5=3\/15": expected model=input\/output\/cacheWrite\/cacheRead/);
  });

  it('knows no price for an unknown model, rather than guessing one', () => {
    expect(priceFor('some-other-model')).toBeUndefined();
  });
});
