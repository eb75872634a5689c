import { describe, expect, it } from 'vitest';
import { dmKey, isDirectMessage, replyThreadTs, startedThreadsIndex, threadKey } from '../../src/adapters/slack/keys.js';

describe('Slack conversation keys', () => {
  it('gives each thread its own key', () => {
    expect(threadKey('T1', 'C1', '1.1')).not.toBe(threadKey('T1', 'C1', '1.2'));
    expect(threadKey('T1', 'C1', '1.1')).not.toBe(threadKey('T1', 'C2', '1.1'));
    expect(threadKey('T1', 'C1', '1.1')).not.toBe(threadKey('T2', 'C1', '1.1'));
  });

  it('gives each user one DM key, apart from any thread', () => {
    expect(dmKey('T1', 'U1')).toBe(dmKey('T1', 'U1'));
    expect(dmKey('T1', 'U1')).not.toBe(dmKey('T1', 'U2'));
    expect(dmKey('T1', 'U1')).not.toBe(threadKey('T1', 'DU1', 'U1'));
  });

  it('answers a top-level message in a new thread under it, and a thread reply in its thread', () => {
    expect(replyThreadTs({ ts: '2.0' })).toBe('2.0');
    expect(replyThreadTs({ ts: '2.0', threadTs: '1.0' })).toBe('1.0');
  });

  it('names the index of threads a user started in a channel', () => {
    expect(startedThreadsIndex('T1', 'C1', 'U1')).toBe('slack:T1:C1:U1');
  });

  it('recognises the DM of a slash command', () => {
    expect(isDirectMessage('D123', 'directmessage')).toBe(true);
    expect(isDirectMessage('D123')).toBe(true);
    expect(isDirectMessage('C123', 'general')).toBe(false);
    expect(isDirectMessage('G123', 'mpdm-a--b-1')).toBe(false);
  });
});
