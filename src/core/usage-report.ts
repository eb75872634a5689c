import type { ConversationKey } from './conversation-key.js';
import { userScopeId } from './conversation-key.js';
import type { ConversationStore } from './conversation-store.js';
import { storeCall } from './store-call.js';
import type { Usage } from './types.js';
import type { UsageLedger } from './usage-ledger.js';
import { usageText } from './usage-text.js';

/** What /usage shows a person: their own usage today and this month, and this conversation's. */
export interface UsageReport {
  /** This UTC day, every conversation of theirs on this platform and workspace. */
  today: Usage;
  month: Usage;
  /** The conversation the command came from, when the person took part in it. */
  conversation?: Usage;
}

/** The /usage operation: reads the person's ledger records and the conversation's head. */
export function createUsageReport(store: ConversationStore, ledger: UsageLedger) {
  return async (key: ConversationKey, requesterId: string): Promise<UsageReport> => {
    const [mine, head] = await Promise.all([ledger.read(userScopeId(key, requesterId)), storeCall('read the conversation', () => store.readHead(key))]);
    // Only a participant sees a conversation's totals, as with /export.
    const conversation = head?.participants.includes(requesterId) ? head.usage : undefined;
    return { ...mine, ...(conversation ? { conversation } : {}) };
  };
}

/** The reply to /usage, the same on every platform. */
export function usageReportText(report: UsageReport): string {
  return [
    `Your usage today (UTC): ${usageText(report.today)}`,
    `This month: ${usageText(report.month)}`,
    report.conversation ? `This conversation: ${usageText(report.conversation)}` : 'This conversation: nothing yet.',
    'Cache reads cost a tenth of input tokens; costs are estimates from list prices.',
  ].join('\n');
}
