import { afterEach, describe, expect, it } from 'vitest';
import { conversationKey, createLogger } from '../../src/core/index.js';
import { failureOf, startGuardedCore, type GuardedCore } from './support.js';

const USER = 'U0RAWUSERID';
const WORKSPACE = 'T0RAWTEAMID';
const CHANNEL = 'C0RAWCHANNEL';

describe('structured logs', () => {
  let core: GuardedCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('writes one JSON object per line with time, level and event, and never a raw key, user, channel or workspace id', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    core = await startGuardedCore({ logger, env: { RATE_LIMIT_PER_MINUTE: '2', DENY_USERS: 'U-denied' } });
    const address = { platform: 'slack', workspaceId: WORKSPACE, channelId: CHANNEL, threadId: '1700000000.000100', userId: USER, audience: 'shared' } as const;
    const key = conversationKey(address);
    const message = { address, text: 'hello', displayName: 'Alice' };
    await core.parley.send(message);
    core.fake.reply({ error: { status: 500 } });
    await failureOf(core.parley, message); // model failure
    await failureOf(core.parley, message); // rate limited
    await failureOf(core.parley, { ...message, address: { ...address, userId: 'U-denied' } }); // not allowed (same thread)
    await core.parley.exportConversation(key, USER);
    await core.parley.reset(key, USER);

    const events = lines.map((line) => JSON.parse(line) as { time: string; level: string; event: string; conversation?: string });
    expect(events.map((event) => event.event)).toEqual(['turn.committed', 'turn.failed', 'turn.failed', 'turn.failed', 'conversation.reset']);
    for (const event of events) {
      expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(['debug', 'info', 'warn', 'error']).toContain(event.level);
      // The same conversation gets the same pseudonym on every line, so lines can still be correlated.
      expect(event.conversation).toBe(events[0]!.conversation);
    }
    const all = lines.join('\n');
    for (const raw of [USER, 'U-denied', WORKSPACE, CHANNEL, key, 'Alice']) expect(all).not.toContain(raw);
  });
});
