// /import: the way back from /export. The export becomes the history of an empty conversation of the invoker's.
import { ImportRejected } from '../core/index.js';
import type { CommandDefinition } from './types.js';

/** The words of /import. */
export const importWords = {
  done: (messages: number, turns: number) =>
    `Done: I've imported ${messages.toLocaleString('en-US')} messages (${turns.toLocaleString('en-US')} turns) into this conversation. Your next message continues it.`,
  noFile: 'Attach the conversation.json that export gave you, and I will bring that conversation back here.',
  notHere: 'Import works in one conversation at a time: use it in our DM or inside a thread.',
};

/** Validates the attached export and stores it as this conversation's history; the core refuses a non-empty one. */
export const importCommand: CommandDefinition = {
  name: 'import',
  description: 'Bring back a conversation from the conversation.json that export gave you',
  args: [{ name: 'file', description: 'The conversation.json from export', kind: 'file', required: true }],
  slackSlash: false,
  async run({ parley, maxImportBytes }, { requesterId, target, file }) {
    if (!file) return { text: importWords.noFile };
    const [key, ...others] = target.keys;
    if (!key || others.length > 0 || target.scope !== 'this-conversation') return { text: importWords.notHere };
    const bytes = Buffer.byteLength(file.text, 'utf8');
    if (bytes > maxImportBytes) throw new ImportRejected(`${file.name} is ${bytes.toLocaleString('en-US')} bytes; the most I import is ${maxImportBytes.toLocaleString('en-US')} (MAX_IMPORT_BYTES)`);
    const result = await parley.importConversation(key, requesterId, file.text);
    return { text: importWords.done(result.messageCount, result.turns) };
  },
};
