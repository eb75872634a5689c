// /usage: the requester's tokens and estimated cost today, this month, and in this conversation.
import { usageReportText } from '../core/index.js';
import type { CommandDefinition } from './types.js';

/** Reports usage from the core's ledger; only the requester's own figures. */
export const usageCommand: CommandDefinition = {
  name: 'usage',
  description: 'Your tokens and estimated cost today, this month, and in this conversation',
  args: [],
  slackSlash: true,
  async run({ parley }, { requesterId, target }) {
    return { text: usageReportText(await parley.usage(target.keys[0]!, requesterId)) };
  },
};
