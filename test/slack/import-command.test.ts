import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importWords } from '../../src/commands/import.js';
import { ALICE, GENERAL, startSlackHarness, waitFor, type SlackHarness } from './harness.js';

const ALICE_DM = `D${ALICE}`;
const exported = JSON.stringify({ format: 'parley.conversation', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', messages: [{ role: 'user', content: 'remember 42' }, { role: 'assistant', content: 'I will.' }] });

describe('import in Slack', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('refuses a file over MAX_IMPORT_BYTES by its declared size, without downloading it', async () => {
    const file = h.slack.hostFile({ name: 'conversation.json', mimetype: 'application/json', data: exported, size: 6 * 1024 * 1024 });
    await h.dm({ user: ALICE, text: 'import', files: [file] });
    const told = await waitFor(() => h.slack.thread(ALICE_DM, undefined)[0], 'the answer');
    expect(told.text).toContain('conversation.json is 6.0 MB; the most I import is 5.0 MB (MAX_IMPORT_BYTES)');
    expect(h.slack.hosted[0]!.downloads).toEqual([]);
  });

  it('downloads the file with the bot token', async () => {
    const file = h.slack.hostFile({ name: 'conversation.json', mimetype: 'application/json', data: exported });
    await h.dm({ user: ALICE, text: 'import', files: [file] });
    await waitFor(() => h.slack.thread(ALICE_DM, undefined)[0], 'the answer');
    expect(h.slack.hosted[0]!.downloads).toEqual([{ token: h.slack.botToken }]);
  });

  it('@Parley import with the file in a new thread brings the conversation into that thread, answered privately', async () => {
    const file = h.slack.hostFile({ name: 'conversation.json', mimetype: 'application/json', data: exported });
    const root = await h.mention({ user: ALICE, channel: GENERAL, text: 'import', files: [file] });
    const told = await waitFor(() => h.slack.ephemerals.find((e) => e.user === ALICE), 'the private answer');
    expect(told.text).toBe(importWords.done(2, 1));
    await h.mention({ user: ALICE, channel: GENERAL, threadTs: root.event.ts, text: 'what number?' });
    await h.reply(GENERAL, root.event.ts, (text) => text.includes('what number?'));
    expect(JSON.stringify(h.model.lastRequest().body.messages)).toContain('remember 42');
  });
});
