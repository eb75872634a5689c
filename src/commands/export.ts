// /export: hand the requester a copy of their conversation(s) as JSON (importable) and Markdown.
import type { ConversationExport } from '../core/index.js';
import type { CommandDefinition, OutgoingFile } from './types.js';

/** The words of /export. */
export const exportWords = {
  one: (item: ConversationExport) => `Here is this conversation: ${count(item.messageCount, 'message')}, ${tokens(item)}.`,
  several: (items: readonly ConversationExport[]) =>
    `Here are the ${items.length} conversations you started in this channel: ${count(items.reduce((sum, item) => sum + item.messageCount, 0), 'message')}.`,
  nothing: "There's no conversation of yours to export here.",
  nothingStarted: "You haven't started a conversation with me in this channel, so there's nothing to export.",
};

/** Exports each target conversation the requester took part in. */
export const exportCommand: CommandDefinition = {
  name: 'export',
  description: 'Get a private copy of this conversation as JSON (for /import) and Markdown',
  args: [],
  slackSlash: true,
  async run({ parley }, { requesterId, target }) {
    const found: ConversationExport[] = [];
    for (const key of target.keys) {
      const item = await parley.exportConversation(key, requesterId);
      if (item) found.push(item);
    }
    const started = target.scope === 'started-threads';
    if (found.length === 0) return { text: started ? exportWords.nothingStarted : exportWords.nothing };
    return { text: found.length === 1 ? exportWords.one(found[0]!) : exportWords.several(found), files: filesOf(found) };
  },
};

function filesOf(items: readonly ConversationExport[]): OutgoingFile[] {
  return items.flatMap((item, i) => {
    const suffix = items.length === 1 ? '' : `-${i + 1}`;
    return [
      { name: `conversation${suffix}.json`, content: item.json },
      { name: `conversation${suffix}.md`, content: item.markdown },
    ];
  });
}

const count = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
const tokens = (item: ConversationExport) =>
  `${item.usage.inputTokens.toLocaleString('en-US')} input / ${item.usage.outputTokens.toLocaleString('en-US')} output tokens`;
