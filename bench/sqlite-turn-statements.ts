// `npx tsx bench/sqlite-turn-statements.ts [turns]`: the store calls of one Slack DM turn (delivery
// claims, pending hold, lease, rate limit, head check, fenced commit with its source record, usage,
// release, settle) in a loop on an SQLite file through the real ports, with the time of each. For
// sizing a change to one statement, which compare.ts cannot see under the machine's noise; not part of
// `npm run bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import type { ConversationKey } from '../src/core/index.js';
import { createKeyvConversationStore } from '../src/store/keyv-conversation-store.js';
import { createSqliteCoordination, createSqliteCoordinationTables } from '../src/store/sqlite-coordination.js';
import { openSqlite, sqliteFencedCommit } from '../src/store/sqlite-store.js';

const turns = Number(process.argv[2] ?? 4000);
const WARM_UP = 500;
const dir = mkdtempSync(join(tmpdir(), 'parley-statements-'));
const sqlite = await openSqlite(join(dir, 'bench.sqlite'));
const keyv = new Keyv({ store: sqlite, namespace: 'parley', useKeyPrefix: false });
await createSqliteCoordinationTables(sqlite.query);
const store = createKeyvConversationStore(keyv, sqliteFencedCommit(keyv, sqlite));
const coordination = createSqliteCoordination(sqlite.query);
const held = JSON.stringify({ receivedAt: new Date().toISOString(), payload: { kind: 'dm', teamId: 'T1', channel: 'D1', user: 'U1', text: 'what is 17% of 240?', ts: '1760000000.000100', files: [] } });
const answer = 'Sure: 17% of 240 is 40.8. '.repeat(8);
const spent = new Map<string, bigint>();
const timed = async (step: string, i: number, call: () => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  await call();
  if (i >= WARM_UP) spent.set(step, (spent.get(step) ?? 0n) + process.hrtime.bigint() - started);
};
const heads = new Map<string, { revision: string; turns: number }>();
for (let i = 0; i < turns; i++) {
  const person = i % 30;
  const key = `slack:T1:U${person}:dm` as ConversationKey;
  const previous = heads.get(key);
  const index = previous?.turns ?? 0;
  const member = `owner slack m${i}`;
  await timed('claimAll', i, () => coordination.claimAll([`delivery:slack:event:E${i}`, `delivery:slack:message:D${person}:${i}`], 7_200_000));
  await timed('addMember (hold)', i, () => coordination.addMember('held-messages', member, 100_000, held));
  await timed('acquire', i, () => coordination.acquire(`lease:${key}`, `token-${i}`, 30_000));
  await timed('increment (rate)', i, () => coordination.increment(`rate:U${person}`, 1, 60_000));
  await timed('readHead', i, () => store.readHead(key));
  const turn = { index, at: new Date().toISOString(), authorId: `U${person}`, messages: [{ role: 'user' as const, content: 'what is 17% of 240?' }, { role: 'assistant' as const, content: [{ type: 'text' as const, text: answer }] }], usage: { inputTokens: 120, outputTokens: 40 }, tokens: 160 };
  const head = { revision: `r${i}`, turns: index + 1, messages: 2 * (index + 1), createdAt: '', updatedAt: '', usage: { inputTokens: 0, outputTokens: 0 }, participants: [`U${person}`] };
  await timed('commitTurn', i, () => store.commitTurn(key, turn, head, previous?.revision ?? '', [{ name: `source:s${i}`, value: { key, index } }]));
  heads.set(key, head);
  const additions = ['input', 'output', 'cacheRead', 'cost'].flatMap((figure) => [
    { name: `usage:day:${figure}:U${person}`, by: 10, ttlMs: 1e8 },
    { name: `usage:month:${figure}:U${person}`, by: 10, ttlMs: 1e9 },
  ]);
  await timed('incrementAll (usage)', i, () => coordination.incrementAll(additions));
  await timed('release', i, () => coordination.release(`lease:${key}`, `token-${i}`));
  await timed('removeMembers (settle)', i, () => coordination.removeMembers('held-messages', [member]));
}
const measured = BigInt(turns - WARM_UP);
let total = 0n;
for (const [step, ns] of spent) {
  total += ns;
  process.stdout.write(`${step.padEnd(24)} ${(Number(ns / measured) / 1000).toFixed(1)} µs\n`);
}
process.stdout.write(`${'a turn'.padEnd(24)} ${(Number(total / measured) / 1000).toFixed(1)} µs\n`);
await coordination.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
