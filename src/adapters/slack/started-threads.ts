// The threads each person started in a channel: Slack's slash commands cannot be typed inside a
// thread, so /reset and /export in a channel reach these. Slack's own need, kept by the Slack adapter.
import { storeCall, type ConversationKey, type Coordination } from '../../core/index.js';
import { startedThreadsIndex } from './keys.js';

// Threads one person's index remembers: the newest few hundred cover any real use of /reset and
// /export in a channel while keeping the set small (the oldest drop out beyond it).
const MAX_STARTED_THREADS = 500;

/** Who started threads where, in the store's shared sets (so every process sees every entry). */
export class StartedThreads {
  constructor(private readonly coordination: Coordination) {}

  /** Records that `userId` started the thread conversation `key` in the channel (or their DM). */
  add(teamId: string, channelId: string, userId: string, key: ConversationKey): Promise<void> {
    return storeCall('update an index', () => this.coordination.addMember(startedThreadsIndex(teamId, channelId, userId), key, MAX_STARTED_THREADS));
  }

  /**
   * The thread conversations `userId` started there, oldest first. Threads reset since are still
   * listed; the core answers for each (a reset one has nothing to reset or export).
   */
  async list(teamId: string, channelId: string, userId: string): Promise<ConversationKey[]> {
    return (await storeCall('read an index', () => this.coordination.members(startedThreadsIndex(teamId, channelId, userId)))) as ConversationKey[];
  }
}
