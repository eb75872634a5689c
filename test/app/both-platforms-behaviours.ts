// What Slack and Discord served by one process must do, registered by each test file that runs it
// (module load order is per file, so each file is one order of loading @slack/bolt and discord.js).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSawWith, people, startBothPlatforms, type BothPlatforms, type SlackAsk } from './both-platforms-world.js';

const EPHEMERAL = 64;

/** Registers the behaviours of startApp with both platforms configured, on one app for the whole file. */
export function bothPlatformsBehaviours(): void {
  let w: BothPlatforms;
  let slackAsk: SlackAsk;
  let discordAsk: string;

  beforeAll(async () => {
    w = await startBothPlatforms();
    // One question on each platform, at the same time, into the same process.
    slackAsk = await w.slackMention('my slack secret is teal');
    discordAsk = w.discordMention('my discord secret is amber');
    await Promise.all([w.slackAnswer(slackAsk, 'echo: [Alice (U1111)]: my slack secret is teal'), w.discordAnswer(discordAsk, 'echo: my discord secret is amber')]);
  });
  afterAll(async () => {
    await w?.close();
  });

  describe('a Slack mention and a Discord mention', () => {
    it('are answered on Slack once, in the thread of the mention', () => {
      expect(w.slack.thread(people.slack.general, slackAsk.thread).map((message) => message.text)).toEqual(['echo: [Alice (U1111)]: my slack secret is teal']);
    });

    it('are answered on Discord once, as a reply to the message', () => {
      const replies = [...w.rest.messages.values()].filter((message) => message.message_reference?.message_id === discordAsk);
      expect(replies.map((message) => [message.channel_id, message.content])).toEqual([[people.discord.general, 'echo: my discord secret is amber']]);
    });

    it('keep their conversations apart', async () => {
      const slackNext = await w.slackMention('what did I say on slack?', slackAsk);
      await w.slackAnswer(slackNext, 'echo: [Alice (U1111)]: what did I say on slack?');
      const discordNext = w.discordMention('what did I say on discord?');
      await w.discordAnswer(discordNext, 'echo: what did I say on discord?');

      const slackSaw = modelSawWith(w.anthropic, 'what did I say on slack?').join('\n');
      const discordSaw = modelSawWith(w.anthropic, 'what did I say on discord?').join('\n');
      expect(slackSaw).toContain('my slack secret is teal');
      expect(slackSaw).not.toContain('amber');
      expect(discordSaw).toContain('my discord secret is amber');
      expect(discordSaw).not.toContain('teal');
    });
  });

  describe('/export', () => {
    it("on Slack uploads conversation.json and conversation.md into the invoker's DM", async () => {
      const { response, files } = await w.slackExport();

      expect(response).toMatchObject({ response_type: 'ephemeral' });
      expect(files.map((file) => file.filename).sort()).toEqual(['conversation.json', 'conversation.md']);
      const markdown = files.find((file) => file.filename === 'conversation.md')!.content;
      expect(markdown).toContain('my slack secret is teal');
      expect(markdown).not.toContain('amber');
    });

    it('on Discord attaches conversation.json and conversation.md to the ephemeral reply (multipart)', async () => {
      const { callback, edit } = await w.discordExport();

      expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      expect(edit.status).toBe(200);
      expect(edit.headers['content-type']).toMatch(/^multipart\/form-data/);
      expect(edit.files.map((file) => file.filename).sort()).toEqual(['conversation.json', 'conversation.md']);
      const markdown = edit.files.find((file) => file.filename === 'conversation.md')!.data.toString('utf8');
      expect(markdown).toContain('my discord secret is amber');
      expect(markdown).not.toContain('teal');
    });
  });

  describe('a restart on the same SQLite file', () => {
    beforeAll(async () => {
      await w.restart();
    });

    it('keeps the Slack conversation', async () => {
      const after = await w.slackMention('still there, slack?', slackAsk);
      await w.slackAnswer(after, 'echo: [Alice (U1111)]: still there, slack?');
      expect(modelSawWith(w.anthropic, 'still there, slack?').join('\n')).toContain('my slack secret is teal');
    });

    it('keeps the Discord conversation', async () => {
      const after = w.discordMention('still there, discord?');
      await w.discordAnswer(after, 'echo: still there, discord?');
      expect(modelSawWith(w.anthropic, 'still there, discord?').join('\n')).toContain('my discord secret is amber');
    });
  });
}
