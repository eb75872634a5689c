import { afterEach, describe, expect, it } from 'vitest';
import { NotAllowed, userMessageFor, type IncomingMessage } from '../../src/core/index.js';
import { createAccessPolicy } from '../../src/guard/index.js';
import { dmFrom, failureOf, startGuardedCore, type GuardedCore } from './support.js';

const none = { users: [], channels: [], workspaces: [] };
const refusal = (policy: ReturnType<typeof createAccessPolicy>, message: IncomingMessage) => {
  try {
    policy.check(message);
    return undefined;
  } catch (error) {
    return error;
  }
};

describe('allow-lists and deny-lists', () => {
  let core: GuardedCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('refuses a denied user with NotAllowed and a polite line, without asking the model', async () => {
    core = await startGuardedCore({ env: { DENY_USERS: 'U-mallory' } });
    const failure = await failureOf(core.parley, dmFrom({ user: 'U-mallory' }, 'hello'));
    expect(failure).toBeInstanceOf(NotAllowed);
    expect(userMessageFor(failure)).toBe("Sorry, I'm not enabled for you here.");
    expect(await failureOf(core.parley, dmFrom({ user: 'U-alice' }, 'hello'))).toBeUndefined();
    expect(core.fake.requestCount).toBe(1);
  });

  it('admits only listed users when ALLOW_USERS is set', async () => {
    core = await startGuardedCore({ env: { ALLOW_USERS: 'U-alice, U-bob' } });
    expect(await failureOf(core.parley, dmFrom({ user: 'U-bob' }, 'hi'))).toBeUndefined();
    expect(await failureOf(core.parley, dmFrom({ user: 'U-carol' }, 'hi'))).toBeInstanceOf(NotAllowed);
  });

  it('admits only listed channels when ALLOW_CHANNELS is set, and a message with no channel is not listed', async () => {
    core = await startGuardedCore({ env: { ALLOW_CHANNELS: 'C-bots' } });
    expect(await failureOf(core.parley, dmFrom({ user: 'U1', channel: 'C-bots' }, 'hi'))).toBeUndefined();
    expect(await failureOf(core.parley, dmFrom({ user: 'U1', channel: 'C-general' }, 'hi'))).toBeInstanceOf(NotAllowed);
    expect(await failureOf(core.parley, dmFrom({ user: 'U1' }, 'no channel'))).toBeInstanceOf(NotAllowed);
  });

  it('refuses a denied workspace', async () => {
    core = await startGuardedCore({ env: { DENY_WORKSPACES: 'T-blocked' } });
    expect(await failureOf(core.parley, dmFrom({ workspace: 'T-blocked', user: 'U1' }, 'hi'))).toBeInstanceOf(NotAllowed);
    expect(await failureOf(core.parley, dmFrom({ workspace: 'T-fine', user: 'U1' }, 'hi'))).toBeUndefined();
  });

  it('lets a deny-list win over an allow-list', async () => {
    core = await startGuardedCore({ env: { ALLOW_USERS: 'U1', DENY_CHANNELS: 'C-quiet' } });
    expect(await failureOf(core.parley, dmFrom({ user: 'U1', channel: 'C-quiet' }, 'hi'))).toBeInstanceOf(NotAllowed);
  });

  it('combines allow-lists: a listed user outside a listed workspace is refused', async () => {
    core = await startGuardedCore({ env: { ALLOW_USERS: 'U1', ALLOW_WORKSPACES: 'T1' } });
    expect(await failureOf(core.parley, dmFrom({ workspace: 'T1', user: 'U1' }, 'hi'))).toBeUndefined();
    expect(await failureOf(core.parley, dmFrom({ workspace: 'T2', user: 'U1' }, 'hi'))).toBeInstanceOf(NotAllowed);
  });

  it('applies a platform-scoped entry to that platform only', () => {
    const policy = createAccessPolicy({ allow: none, deny: { ...none, users: ['discord:42'] } });
    expect(refusal(policy, dmFrom({ platform: 'discord', user: '42' }, 'hi'))).toBeInstanceOf(NotAllowed);
    expect(refusal(policy, dmFrom({ platform: 'slack', user: '42' }, 'hi'))).toBeUndefined();
  });

  it('keeps user ids out of the refusal, which reaches the logs', () => {
    const policy = createAccessPolicy({ allow: { ...none, users: ['U1'] }, deny: none });
    const error = refusal(policy, dmFrom({ user: 'U-secret-person' }, 'hi')) as Error;
    expect(error.message).toBe('user is not on the allow-list');
  });

  it('lets everyone in when no list is set', async () => {
    core = await startGuardedCore();
    const address = { platform: 'discord', workspaceId: 'G1', channelId: 'C1', threadId: 'T1', userId: 'anyone', audience: 'shared' } as const;
    expect(await failureOf(core.parley, { address, text: 'hi' })).toBeUndefined();
  });
});
