/** The platforms Parley speaks on; each adapter names its own. */
export type Platform = 'slack' | 'discord' | 'terminal';

/** Where inside a workspace/guild a conversation lives. */
export type ConversationScope =
  /** A user's direct-message conversation with the bot. */
  | { kind: 'dm'; userId: string }
  /** A thread, shared by everyone who talks in it. */
  | { kind: 'thread'; channelId: string; threadId: string }
  /** One user's conversation at channel level (outside threads). */
  | { kind: 'channel-user'; channelId: string; userId: string };

/** Everything that identifies one conversation. */
export interface ConversationAddress {
  platform: Platform;
  /** Slack team id, Discord guild id, or a fixed name for DMs/terminal. */
  workspaceId: string;
  scope: ConversationScope;
}

declare const conversationKeyBrand: unique symbol;
/** An opaque conversation id; only {@link conversationKey} makes one, so adapters cannot forge or mix them. */
export type ConversationKey = string & { readonly [conversationKeyBrand]: true };

// Each part is URI-encoded so that an id containing ":" can never make two addresses share a key.
const part = (value: string): string => {
  if (value.length === 0) throw new TypeError('conversation key parts must not be empty');
  return encodeURIComponent(value);
};

/** Builds the one key for an address. The only place keys are made. */
export function conversationKey(address: ConversationAddress): ConversationKey {
  const { platform, workspaceId, scope } = address;
  const head = `${platform}:${part(workspaceId)}`;
  switch (scope.kind) {
    case 'dm':
      return `${head}:dm:${part(scope.userId)}` as ConversationKey;
    case 'thread':
      return `${head}:thread:${part(scope.channelId)}:${part(scope.threadId)}` as ConversationKey;
    case 'channel-user':
      return `${head}:channel-user:${part(scope.channelId)}:${part(scope.userId)}` as ConversationKey;
  }
}

/** True when a conversation is shared by several people, so each message needs its speaker's name. */
export function isSharedScope(scope: ConversationScope): boolean {
  return scope.kind === 'thread';
}

/** The platform and workspace a key was made for, read back from the key (which adapters cannot forge). */
export function keyOrigin(key: ConversationKey): { platform: Platform; workspaceId: string } {
  const [platform, workspace] = key.split(':', 2);
  return { platform: platform as Platform, workspaceId: decodeURIComponent(workspace ?? '') };
}

/**
 * One id per platform + workspace + user, for per-user counters (rate limits, budgets): the same
 * user id on two platforms, or in two workspaces, never shares a counter.
 */
export function userScopeId(key: ConversationKey, userId: string): string {
  const { platform, workspaceId } = keyOrigin(key);
  return `${platform}:${part(workspaceId)}:${part(userId)}`;
}
