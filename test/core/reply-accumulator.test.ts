import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it } from 'vitest';
import { ModelUnavailable } from '../../src/core/index.js';
import { accumulateReply } from '../../src/core/reply-accumulator.js';

// Events in the API's wire shape, as the SDK's raw stream yields them.
const start = { type: 'message_start', message: { usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 5 } } };
const stop = [{ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 7 } }, { type: 'message_stop' }];

async function* events(list: object[]): AsyncIterable<RawMessageStreamEvent> {
  for (const event of list) yield event as RawMessageStreamEvent;
}

describe('folding the raw model stream', () => {
  it('assembles text and tool calls in order, with usage', async () => {
    const deltas: string[] = [];
    const reply = await accumulateReply(
      events([
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me ' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'check.' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'calculator', input: {} } },
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"expres' } },
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'sion":"1+1"}' } },
        { type: 'content_block_stop', index: 1 },
        ...stop,
      ]),
      (delta) => deltas.push(delta),
    );
    expect(deltas).toEqual(['Let me ', 'check.']);
    expect(reply).toEqual({
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'toolu_1', name: 'calculator', input: { expression: '1+1' } },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 10, cacheWriteTokens: 0, cacheReadTokens: 5, outputTokens: 7 },
    });
  });

  it('gives a tool call without arguments an empty input', async () => {
    const reply = await accumulateReply(
      events([start, { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'clock', input: {} } }, ...stop]),
      () => undefined,
    );
    expect(reply.content[0]).toMatchObject({ input: {} });
  });

  it('hands malformed tool input to the tool rather than failing the turn', async () => {
    const reply = await accumulateReply(
      events([
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'calculator', input: {} } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"expression": ' } },
        ...stop,
      ]),
      () => undefined,
    );
    expect(reply.content[0]).toMatchObject({ input: { unparsed_input: '{"expression": ' } });
  });

  it('treats a stream that ends before message_stop as cut', async () => {
    const cut = accumulateReply(events([start, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Hal' } }]), () => undefined);
    await expect(cut).rejects.toBeInstanceOf(ModelUnavailable);
  });
});
