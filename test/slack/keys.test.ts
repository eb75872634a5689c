import { describe, expect, it } from 'vitest';
import { isShared } from '../../src/core/index.js';
import { isDirectMessage, replyThreadTs, slackAddress, slackKey, startedThreadsIndex } from '../../src/adapters/slack/keys.js';

const threadKey = (teamId: string, channel: string, threadTs: string, user = 'U1') => slackKey({ teamId, channel, threadTs, user, dm: false });
const dmKey = (teamId: string, user: string) => slackKey({ teamId, channel: 'D1', user, dm: true });

describe('Slack conversation keys', () => {
  it('gives each thread its own key, the same whoever writes in it', () => {
    expect(threadKey('T1', 'C1', '1.1')).not.toBe(threadKey('T1', 'C1', '1.2'));
    expect(threadKey('T1', 'C1', '1.1')).not.toBe(threadKey('T1', 'C2', '1.1'));
    expect(threadKey('T1', 'C1', '1.1')).not.toBe(threadKey('T2', 'C1', '1.1'));
    expect(threadKey('T1', 'C1', '1.1', 'U1')).toBe(threadKey('T1', 'C1', '1.1', 'U2'));
  });

  it('gives each user one DM key, apart from any thread', () => {
    expect(dmKey('T1', 'U1')).toBe(dmKey('T1', 'U1'));
    expect(dmKey('T1', 'U1')).not.toBe(dmKey('T1', 'U2'));
    expect(dmKey('T1', 'U1')).not.toBe(threadKey('T1', 'DU1', 'U1'));
  });

  it('labels speakers in channel threads only: a thread inside the DM has one person', () => {
    expect(isShared(slackAddress({ teamId: 'T1', channel: 'C1', threadTs: '1.1', user: 'U1', dm: false }))).toBe(true);
    expect(isShared(slackAddress({ teamId: 'T1', channel: 'D1', threadTs: '1.1', user: 'U1', dm: true }))).toBe(false);
    expect(isShared(slackAddress({ teamId: 'T1', channel: 'D1', user: 'U1', dm: true }))).toBe(false);
  });

  it('answers a top-level message in a new thread under it, and a thread reply in its thread', () => {
    expect(replyThreadTs({ ts: '2.0' })).toBe('2.0');
    expect(replyThreadTs({ ts: '2.0', threadTs: '1.0' })).toBe('1.0');
  });

  it('names the index of threads a user started in a channel', () => {
    // The set name earlier versions wrote (the core's `index:` prefix included): existing indexes stay readable.
    expect(startedThreadsIndex('T1', 'C1', 'U1')).toBe('index:slack:T1:C1:U1');
  });

  it('recognises the DM of a slash command', () => {
    expect(isDirectMessage('D123', 'directmessage')).toBe(true);
    expect(isDirectMessage('D123')).toBe(true);
    expect(isDirectMessage('C123', 'general')).toBe(false);
    expect(isDirectMessage('G123', 'mpdm-a--b-1')).toBe(false);
  });
});
