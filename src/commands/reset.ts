// /reset: forget the requester's conversation(s) here.
import type { CommandDefinition } from './types.js';

/** The words of /reset. */
export const resetWords = {
  done: "Done: I've forgotten this conversation. The next message starts afresh.",
  doneStarted: (count: number) =>
    count === 1 ? "Done: I've forgotten the conversation you started in this channel." : `Done: I've forgotten the ${count} conversations you started in this channel.`,
  nothing: "There's nothing of yours to forget here.",
  nothingStarted: "You haven't started a conversation with me in this channel, so there's nothing to forget.",
};

/** Deletes each target conversation the requester took part in; the core refuses the others, as if absent. */
export const resetCommand: CommandDefinition = {
  name: 'reset',
  description: 'Forget this conversation for good (in a Slack channel, the threads you started there)',
  args: [],
  slackSlash: true,
  async run({ parley }, { requesterId, target }) {
    let count = 0;
    for (const key of target.keys) if (await parley.reset(key, requesterId)) count++;
    const started = target.scope === 'started-threads';
    if (count === 0) return { text: started ? resetWords.nothingStarted : resetWords.nothing };
    return { text: started ? resetWords.doneStarted(count) : resetWords.done };
  },
};
