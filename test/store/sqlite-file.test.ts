// The SQLite store runs on better-sqlite3; files written by @keyv/sqlite (the driver before it) must
// stay readable and writable both ways, row for row, and a lock held by another process must not
// stop the store's other calls while a write waits for it.
import KeyvSqlite from '@keyv/sqlite';
import Database from 'better-sqlite3';
import Keyv from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationKey, revisionOf, type ConversationHead, type ConversationStore, type StoredTurn } from '../../src/core/index.js';
import { createKeyvConversationStore } from '../../src/store/keyv-conversation-store.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { sqliteFencedCommit } from '../../src/store/sqlite-store.js';
import { tempDir } from '../support/core-harness.js';

const key = conversationKey({ platform: 'slack', workspaceId: 'T1', userId: 'U1', audience: 'dm' });

const turn = (index: number): StoredTurn => ({
  index,
  at: new Date(0).toISOString(),
  authorId: 'U1',
  messages: [
    { role: 'user', content: `message ${index}` },
    { role: 'assistant', content: [{ type: 'text', text: `answer ${index}` }] },
  ],
  usage: { inputTokens: 1, outputTokens: 1 },
  tokens: 10,
});

const head = (turns: number): ConversationHead => ({
  revision: `rev-${turns}`,
  turns,
  messages: turns * 2,
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(0).toISOString(),
  usage: { inputTokens: turns, outputTokens: turns },
  participants: ['U1'],
});

/** The SQLite store as it was opened before better-sqlite3: keyv over @keyv/sqlite (the async sqlite3 driver). */
function openWithKeyvSqlite(file: string): { conversations: ConversationStore; raw: KeyvSqlite; close: () => Promise<void> } {
  const raw = new KeyvSqlite({ uri: `sqlite://${file}` });
  const keyv = new Keyv({ store: raw, namespace: 'parley', useKeyPrefix: false });
  return { conversations: createKeyvConversationStore(keyv, sqliteFencedCommit(keyv, raw)), raw, close: () => keyv.disconnect() };
}

/** Commits turn `index` on top of whatever head the store holds. */
async function commitNext(store: ConversationStore, index: number): Promise<boolean> {
  return store.commitTurn(key, turn(index), head(index + 1), revisionOf(await store.readHead(key)));
}

describe('SQLite files written by @keyv/sqlite', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let file: string;
  beforeEach(async () => {
    dir = await tempDir();
    file = `${dir.path}/bot.sqlite`;
  });
  afterEach(() => dir.cleanup());

  it('are read by the store, which then commits on top of their history', async () => {
    const old = openWithKeyvSqlite(file);
    expect(await commitNext(old.conversations, 0)).toBe(true);
    expect(await commitNext(old.conversations, 1)).toBe(true);
    await old.conversations.writeRecord('source', { channel: 'D1' }, 60_000);
    await old.close();

    const store = await openStore(`sqlite://${file}`);
    try {
      expect(await store.conversations.readHead(key)).toEqual(head(2));
      expect(await store.conversations.readTurns(key, 0, 2)).toEqual([turn(0), turn(1)]);
      expect(await store.conversations.readRecord('source')).toEqual({ channel: 'D1' });
      expect(await commitNext(store.conversations, 2)).toBe(true);
      expect(await store.conversations.readTurns(key, 0, 3)).toEqual([turn(0), turn(1), turn(2)]);
    } finally {
      await store.close();
    }
  });

  it('read back what the store wrote, and @keyv/sqlite can commit on top of it', async () => {
    const store = await openStore(`sqlite://${file}`);
    expect(await commitNext(store.conversations, 0)).toBe(true);
    await store.conversations.writeRecord('source', { channel: 'D1' }, 60_000);
    await store.close();

    const old = openWithKeyvSqlite(file);
    try {
      expect(await old.conversations.readHead(key)).toEqual(head(1));
      expect(await old.conversations.readTurns(key, 0, 1)).toEqual([turn(0)]);
      expect(await old.conversations.readRecord('source')).toEqual({ channel: 'D1' });
      expect(await commitNext(old.conversations, 1)).toBe(true);
      expect(await old.conversations.readTurns(key, 0, 2)).toEqual([turn(0), turn(1)]);
    } finally {
      await old.close();
    }
  });

  it('keep their expiry: a record whose stored expiry has passed reads as absent', async () => {
    const old = openWithKeyvSqlite(file);
    // keyv's row format: the expiry travels inside the serialized value, not in a column.
    await old.raw.set('r:lapsed', JSON.stringify({ value: { channel: 'D1' }, expires: Date.now() - 1_000 }));
    await old.raw.set('r:live', JSON.stringify({ value: { channel: 'D2' }, expires: Date.now() + 60_000 }));
    await old.close();

    const store = await openStore(`sqlite://${file}`);
    try {
      expect(await store.conversations.readRecord('lapsed')).toBeUndefined();
      expect(await store.conversations.readRecord('live')).toEqual({ channel: 'D2' });
    } finally {
      await store.close();
    }
  });
});

describe('SQLite store while another process holds the write lock', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let store: Store;
  beforeEach(async () => {
    dir = await tempDir();
    store = await openStore(`sqlite://${dir.path}/bot.sqlite`);
  });
  afterEach(async () => {
    await store.close();
    await dir.cleanup();
  });

  it('answers reads while a write waits for the lock, and makes the write once the lock is released', async () => {
    await store.conversations.writeRecord('other', 'kept');
    const holder = new Database(`${dir.path}/bot.sqlite`);
    let written = false;
    let writing: Promise<void> | undefined;
    try {
      holder.exec('BEGIN IMMEDIATE');
      writing = store.conversations.writeRecord('waiting', 'value').then(() => {
        written = true;
      });
      // The write is retried from a timer, so the event loop (and this read) is not held up behind it.
      expect(await store.conversations.readRecord('other')).toBe('kept');
      expect(written).toBe(false);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    await writing;
    expect(await store.conversations.readRecord('waiting')).toBe('value');
  });
});
