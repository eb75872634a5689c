import { NotAllowed, type IncomingMessage } from '../core/index.js';

/** Ids of users, channels and workspaces/guilds. An entry may be scoped to a platform: `slack:U123`. */
export interface AccessLists {
  users: readonly string[];
  channels: readonly string[];
  workspaces: readonly string[];
}

/** Settings of {@link createAccessPolicy}: empty lists impose nothing. */
export interface AccessPolicyConfig {
  allow: AccessLists;
  deny: AccessLists;
}

/** Decides who may use the bot where; `check` throws NotAllowed to refuse. */
export interface AccessPolicy {
  /** Throws NotAllowed when a deny-list names the sender, channel or workspace, or a set allow-list leaves one out. */
  check(message: IncomingMessage): void;
}

type Dimension = keyof AccessLists;
const DIMENSIONS: readonly Dimension[] = ['users', 'channels', 'workspaces'];

/**
 * Deny wins over allow. Every allow-list that is set must name the message's value (they combine
 * with AND: ALLOW_WORKSPACES=T1 with ALLOW_USERS=U1 admits U1 in T1 only). A message without a
 * channel (the terminal) is not on any channel allow-list.
 */
export function createAccessPolicy(config: AccessPolicyConfig): AccessPolicy {
  const active = DIMENSIONS.some((dimension) => config.allow[dimension].length > 0 || config.deny[dimension].length > 0);
  return {
    check(message) {
      if (!active) return;
      const { platform, userId, channelId, workspaceId } = message.address;
      const values: Record<Dimension, string | undefined> = { users: userId, channels: channelId, workspaces: workspaceId };
      const listed = (list: readonly string[], value: string | undefined) =>
        value !== undefined && list.some((entry) => entry === value || entry === `${platform}:${value}`);
      for (const dimension of DIMENSIONS) {
        // Reasons name the list, never the id: they reach the logs.
        if (listed(config.deny[dimension], values[dimension])) throw new NotAllowed(`${singular(dimension)} is on the deny-list`);
        const allow = config.allow[dimension];
        if (allow.length > 0 && !listed(allow, values[dimension])) throw new NotAllowed(`${singular(dimension)} is not on the allow-list`);
      }
    },
  };
}

const singular = (dimension: Dimension) => dimension.slice(0, -1);
