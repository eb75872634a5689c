// What a person saw of a turn, and what the core stored: the two things every integrity test compares.
import type { ConversationKey, IncomingMessage, Parley, StoredTurn, TurnResult } from '../../src/core/index.js';
import { ReplyBuilder } from '../../src/core/reply-view.js';
import type { CoreHarness } from './core-harness.js';

/** A turn as the person lived it: the words every platform shows (error line aside), and the result or the error. */
export interface SeenTurn {
  shown: string;
  result?: TurnResult;
  error?: unknown;
}

/** Sends `message` and folds its events as the adapters do, into the words the person is shown. */
export async function seeTurn(parley: Parley, message: IncomingMessage): Promise<SeenTurn> {
  const reply = new ReplyBuilder();
  try {
    for await (const event of parley.stream(message)) {
      reply.apply(event);
      if (event.type === 'done') return { shown: reply.visibleText, result: event.result };
    }
  } catch (error) {
    return { shown: reply.visibleText, error };
  }
  throw new Error('the turn ended without a result or an error');
}

/** Every stored turn of a conversation, oldest first. */
export async function storedTurns(core: CoreHarness, key: ConversationKey): Promise<StoredTurn[]> {
  const head = await core.store.readHead(key);
  return head ? core.store.readTurns(key, 0, head.turns) : [];
}
