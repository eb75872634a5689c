// Benchmark 6: what a 1 MB image costs a turn, through the Slack path (signed message.im event with a
// file share → Bolt → download with the bot token → core → SDK → fake model in another process →
// reply seen at the fake Web API), against the same turn without the image. Also what it adds to every
// later turn of the conversation (the image is stored and resent), in bytes, tokens and time.
import { performance } from 'node:perf_hooks';
import { createLogger, type StoredTurn } from '../src/core/index.js';
import { imageTokens } from '../src/core/attachment-tokens.js';
import { startBenchCore } from './core.js';
import type { RemoteFakeModel } from './fake-model.js';
import { printTable, progress, writeResult } from './report.js';
import { round, summarize, waitForQuiet } from './stats.js';

/** The figures of this benchmark. */
export interface AttachmentResult {
  imageBytes: number;
  /** Slack DM → first reply call, model answering at once (p50 ms): with the image, and the same text without. */
  firstTurnWithImageMs: number;
  firstTurnTextOnlyMs: number;
  /** The next text-only turn of each conversation: the image is resent from the store. */
  nextTurnAfterImageMs: number;
  nextTurnAfterTextMs: number;
  /** Estimated input tokens the image adds to each request that carries it (the API counts pixels). */
  imageTokens: number;
  /** Bytes the image adds to each request body and to the stored turn (base64). */
  requestBytesAdded: number;
  storedTurnBytes: number;
  storedTurnBytesTextOnly: number;
}

const logger = createLogger({ level: 'info', write: () => undefined });

/** Runs `samples` conversations of two turns each, with and without a 1 MB PNG on the first. */
export async function benchAttachments(fake: RemoteFakeModel, quick: boolean): Promise<AttachmentResult> {
  const { createSlackAdapter, EVENTS_PATH } = await import('../src/adapters/slack/index.js');
  const { startFakeSlackApi } = await import('../test/fakes/slack-api.js');
  const { dmEvent, SlackEventSender } = await import('../test/fakes/slack-events.js');
  const { pngOfSize } = await import('../test/fakes/sample-files.js');
  const slack = await startFakeSlackApi();
  const core = await startBenchCore({ modelUrl: fake.url });
  const signingSecret = 'bench-signing-secret';
  const adapter = createSlackAdapter({ botToken: slack.botToken, apiUrl: slack.url, port: 0, signingSecret }, { parley: core.parley, coordination: core.coordination, logger });
  await adapter.start();
  const sender = new SlackEventSender(`http://127.0.0.1:${adapter.port}${EVENTS_PATH}`, signingSecret);
  const png = pngOfSize(1024 * 1024);
  const samples = quick ? 5 : 25;

  // One turn: the DM is sent, and the time runs until the bot's reply reaches the fake Web API.
  const turn = async (user: string, text: string, withImage: boolean): Promise<number> => {
    const before = slack.messages.filter((m) => m.channel === `D${user}`).length;
    const files = withImage ? [slack.hostFile({ name: 'photo.png', mimetype: 'image/png', data: png })] : undefined;
    const started = performance.now();
    await sender.event(dmEvent({ user, text, ...(files ? { files } : {}) }));
    for (;;) {
      const replies = slack.messages.filter((m) => m.channel === `D${user}` && !m.streaming);
      if (replies.length > before) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };

  const times = { first: [] as number[], firstText: [] as number[], next: [] as number[], nextText: [] as number[] };
  try {
    for (let i = 0; i < samples; i++) {
      await waitForQuiet(2_000);
      times.first.push(await turn(`UIMG${i}`, `What is in this photo? (#${i})`, true));
      times.next.push(await turn(`UIMG${i}`, `And its colours? (#${i})`, false));
      times.firstText.push(await turn(`UTXT${i}`, `What is in this photo? (#t${i})`, false));
      times.nextText.push(await turn(`UTXT${i}`, `And its colours? (#t${i})`, false));
      slack.hosted.length = 0;
    }
    const withImage = await storedFirstTurn(core.store, 'UIMG0', slack.teamId);
    const textOnly = await storedFirstTurn(core.store, 'UTXT0', slack.teamId);
    const result: AttachmentResult = {
      imageBytes: png.length,
      firstTurnWithImageMs: round(summarize(times.first).p50, 2) ?? Number.NaN,
      firstTurnTextOnlyMs: round(summarize(times.firstText).p50, 2) ?? Number.NaN,
      nextTurnAfterImageMs: round(summarize(times.next).p50, 2) ?? Number.NaN,
      nextTurnAfterTextMs: round(summarize(times.nextText).p50, 2) ?? Number.NaN,
      imageTokens: imageTokens(png.toString('base64')),
      requestBytesAdded: png.toString('base64').length,
      storedTurnBytes: Buffer.byteLength(JSON.stringify(withImage)),
      storedTurnBytesTextOnly: Buffer.byteLength(JSON.stringify(textOnly)),
    };
    printTable('A 1 MB image in a Slack DM (fake model answering at once; p50 of each turn)', [
      { what: 'first turn, with the image', ms: result.firstTurnWithImageMs },
      { what: 'first turn, same text, no image', ms: result.firstTurnTextOnlyMs },
      { what: 'next turn (image resent from the store)', ms: result.nextTurnAfterImageMs },
      { what: 'next turn, conversation without image', ms: result.nextTurnAfterTextMs },
      { what: 'estimated input tokens of the image, per request', ms: result.imageTokens },
      { what: 'bytes the image adds to each request (base64)', ms: result.requestBytesAdded },
      { what: 'stored turn bytes with / without the image', ms: `${result.storedTurnBytes} / ${result.storedTurnBytesTextOnly}` },
    ]);
    await writeResult('attachments', result);
    progress('attachments done');
    return result;
  } finally {
    await adapter.stop();
    await core.close();
    await slack.close();
  }
}

async function storedFirstTurn(store: import('../src/core/index.js').ConversationStore, user: string, teamId: string): Promise<StoredTurn | undefined> {
  const { slackKey } = await import('../src/adapters/slack/keys.js');
  const [turn] = await store.readTurns(slackKey({ teamId, channel: 'D-any', user, dm: true }), 0, 1);
  return turn;
}
