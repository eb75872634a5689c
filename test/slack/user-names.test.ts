import { describe, expect, it } from 'vitest';
import { UserNames } from '../../src/adapters/slack/user-names.js';
import { silentLogger } from '../../src/core/index.js';

// A users.info stand-in that counts calls; names come from a table.
function directory(names: Record<string, string>) {
  const calls: string[] = [];
  const client = {
    users: {
      info: async ({ user }: { user: string }) => {
        calls.push(user);
        if (!(user in names)) throw Object.assign(new Error('An API error occurred: user_not_found'), { data: { error: 'user_not_found' } });
        return { ok: true, user: { id: user, name: user.toLowerCase(), profile: { display_name: names[user], real_name: `${names[user]} Real` } } };
      },
    },
  };
  return { client: client as never, calls };
}

describe('display names', () => {
  it('prefer the display name, then the real name', async () => {
    const { client } = directory({ U1: 'Ali' });
    expect(await new UserNames(client, silentLogger).nameOf('U1')).toBe('Ali');
    const { client: noDisplay } = directory({ U1: '' });
    expect(await new UserNames(noDisplay, silentLogger).nameOf('U1')).toBe('Real');
  });

  it('are looked up once while fresh, even by concurrent messages', async () => {
    const { client, calls } = directory({ U1: 'Ali' });
    const names = new UserNames(client, silentLogger);
    await Promise.all([names.nameOf('U1'), names.nameOf('U1'), names.nameOf('U1')]);
    await names.nameOf('U1');
    expect(calls).toEqual(['U1']);
  });

  it('are looked up again after the TTL', async () => {
    let now = 0;
    const { client, calls } = directory({ U1: 'Ali' });
    const names = new UserNames(client, silentLogger, { ttlMs: 1_000, now: () => now });
    await names.nameOf('U1');
    now = 1_001;
    await names.nameOf('U1');
    expect(calls).toEqual(['U1', 'U1']);
  });

  it('keep at most maxEntries, dropping the least recently used', async () => {
    const { client, calls } = directory({ U1: 'a', U2: 'b', U3: 'c' });
    const names = new UserNames(client, silentLogger, { maxEntries: 2 });
    await names.nameOf('U1');
    await names.nameOf('U2');
    await names.nameOf('U1');
    await names.nameOf('U3');
    await names.nameOf('U1');
    await names.nameOf('U2');
    expect(calls).toEqual(['U1', 'U2', 'U3', 'U2']);
  });

  it('are undefined, not an error, for an unknown user', async () => {
    const { client } = directory({});
    expect(await new UserNames(client, silentLogger).nameOf('U404')).toBeUndefined();
  });
});
