/**
 * Where a message was written and by whom, as the adapter saw it. The core builds the conversation
 * key from it (and decides from it whether the conversation is shared), so no message can carry a key
 * and facts that disagree with it.
 */
export interface MessageAddress {
  /**
   * The name the adapter declared for itself ("slack", "discord", "terminal", or a new one): the first
   * part of every key it makes, so two platforms never share a conversation.
   */
  platform: string;
  /** Slack team, Discord guild, or the adapter's fixed name for places outside one (DMs, the terminal). */
  workspaceId: string;
  /** The channel; for a thread, the channel it belongs to. Absent where there is none (the terminal). */
  channelId?: string;
  /** The thread inside the channel, when the message is in one: a thread is one conversation. */
  threadId?: string;
  /** Who wrote the message. */
  userId: string;
  /** `dm`: only this person and the bot read the place; `shared`: other people can. */
  audience: 'dm' | 'shared';
}

declare const conversationKeyBrand: unique symbol;
/** An opaque conversation id; only {@link conversationKey} makes one, so adapters cannot forge or mix them. */
export type ConversationKey = string & { readonly [conversationKeyBrand]: true };

// Each part is URI-encoded so that an id containing ":" can never make two addresses share a key.
const part = (value: string | undefined, name: string): string => {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`conversation key parts must not be empty (${name})`);
  return encodeURIComponent(value);
};

/**
 * The one key for the conversation a message belongs to: a thread's (shared by everyone in it), the
 * person's DM, or — outside threads in a shared channel — the person's own conversation there. The only
 * place keys are made; the strings are those Parley has always stored, so histories survive upgrades.
 */
export function conversationKey(address: MessageAddress): ConversationKey {
  const head = `${part(address.platform, 'platform')}:${part(address.workspaceId, 'workspace')}`;
  if (address.threadId !== undefined) {
    return `${head}:thread:${part(address.channelId, 'channel')}:${part(address.threadId, 'thread')}` as ConversationKey;
  }
  if (address.audience === 'dm') return `${head}:dm:${part(address.userId, 'user')}` as ConversationKey;
  return `${head}:channel-user:${part(address.channelId, 'channel')}:${part(address.userId, 'user')}` as ConversationKey;
}

/**
 * True when several people write in the address's conversation (a thread where others can read), so
 * each message needs its speaker's label. A DM's threads and a person's channel conversation have one.
 */
export function isShared(address: MessageAddress): boolean {
  return address.threadId !== undefined && address.audience === 'shared';
}

/** The platform and workspace a key was made for, read back from the key (which adapters cannot forge). */
export function keyOrigin(key: ConversationKey): { platform: string; workspaceId: string } {
  const [platform, workspace] = key.split(':', 2);
  return { platform: decodeURIComponent(platform ?? ''), workspaceId: decodeURIComponent(workspace ?? '') };
}

/**
 * One id per platform + workspace + user, for per-user counters (rate limits, budgets): the same
 * user id on two platforms, or in two workspaces, never shares a counter.
 */
export function userScopeId(key: ConversationKey, userId: string): string {
  const { platform, workspaceId } = keyOrigin(key);
  return `${part(platform, 'platform')}:${part(workspaceId, 'workspace')}:${part(userId, 'user')}`;
}
