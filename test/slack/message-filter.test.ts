import { describe, expect, it } from 'vitest';
import { messageCommand, personMessage } from '../../src/adapters/slack/message-filter.js';
import { fixture } from '../fakes/slack-events.js';

const bot = { userId: 'UBOT', botId: 'BBOT' };

describe('which events are a person talking to the bot', () => {
  it('takes an app_mention in a channel as a mention', () => {
    const envelope = fixture('app_mention');
    expect(personMessage('app_mention', envelope.event, envelope.team_id, bot)).toMatchObject({ kind: 'mention', channel: 'C0GENERAL', user: 'U1111', teamId: 'T0001' });
  });

  it('takes a message.im as a DM', () => {
    const envelope = fixture('message_im');
    expect(personMessage('message', envelope.event, envelope.team_id, bot)).toMatchObject({ kind: 'dm', channel: 'DU1111', user: 'U1111' });
  });

  it('keeps the thread of a message written in a thread', () => {
    const event = { ...fixture('app_mention').event, thread_ts: '1759999999.000001' };
    expect(personMessage('app_mention', event, 'T0001', bot)?.threadTs).toBe('1759999999.000001');
  });

  it.each(['own_message', 'bot_message', 'message_changed', 'message_deleted', 'channel_join'])('ignores %s', (name) => {
    expect(personMessage('message', fixture(name), 'T0001', bot)).toBeUndefined();
  });

  it('ignores a message from the bot user even without bot_id', () => {
    const event = { ...fixture('message_im').event, user: 'UBOT' };
    expect(personMessage('message', event, 'T0001', bot)).toBeUndefined();
  });

  it('ignores channel message events (mentions arrive as app_mention)', () => {
    const event = { ...fixture('message_im').event, channel: 'C0GENERAL', channel_type: 'channel' };
    expect(personMessage('message', event, 'T0001', bot)).toBeUndefined();
  });

  it('ignores an app_mention posted by another bot', () => {
    const event = { ...fixture('app_mention').event, bot_id: 'B0OTHER' };
    expect(personMessage('app_mention', event, 'T0001', bot)).toBeUndefined();
  });

  it('ignores payloads that are not messages at all', () => {
    for (const odd of [null, 42, 'text', {}, { user: 'U1' }, { user: 'U1', channel: 'D1' }]) {
      expect(personMessage('message', odd, 'T0001', bot)).toBeUndefined();
    }
  });

  it("addresses streams to the speaker's own team in a Slack Connect channel", () => {
    const event = { ...fixture('app_mention').event, user_team: 'T0OTHER', team: 'T0OTHER' };
    expect(personMessage('app_mention', event, 'T0001', bot)).toMatchObject({ teamId: 'T0001', userTeamId: 'T0OTHER' });
  });
});

describe('the command forms written as messages', () => {
  it.each([
    ['reset', 'reset'],
    ['Reset.', 'reset'],
    ['/export', 'export'],
    [' EXPORT! ', 'export'],
    ['help', 'help'],
    ['help?', 'help'],
  ])('recognises %j in a mention', (text, command) => {
    expect(messageCommand(text, { kind: 'mention', files: [] })?.name).toBe(command);
  });

  it.each(['reset the counter please', 'how do I export?', '', 'resets'])('leaves %j to the model', (text) => {
    expect(messageCommand(text, { kind: 'mention', files: [] })).toBeUndefined();
  });

  it('takes "help" as a whole DM message, but leaves "reset" in a DM to the model (Slack has /reset for that)', () => {
    expect(messageCommand('Help', { kind: 'dm', files: [] })?.name).toBe('help');
    expect(messageCommand('reset', { kind: 'dm', files: [] })).toBeUndefined();
  });

  it('takes "reset" as a command inside a thread of the DM (its own chat)', () => {
    expect(messageCommand('reset', { kind: 'dm', threadTs: '1.2', files: [] })?.name).toBe('reset');
  });

  it('takes "import" with a file as a command, and leaves "reset" with a file to the model', () => {
    const file = { name: 'conversation.json', mimetype: 'application/json' };
    expect(messageCommand('import', { kind: 'dm', files: [file] })?.name).toBe('import');
    expect(messageCommand('reset', { kind: 'mention', files: [file] })).toBeUndefined();
  });
});
