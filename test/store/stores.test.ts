import { openStore } from '../../src/store/open-store.js';
import { tempDir } from '../support/core-harness.js';
import { TEST_POSTGRES_URL, TEST_REDIS_URL, postgresNamespace, redisNamespace, type Namespace } from '../support/real-servers.js';
import { conversationStoreContract, type StorePair } from './conversation-store.contract.js';
import { coordinationContract } from './coordination.contract.js';

// Every store runs both contracts. Memory lives in one process, so its "two connections" are one
// store; the others open the same file, prefix or schema twice, as two processes would.
const backends: Array<[string, () => Promise<StorePair>]> = [
  [
    'in-memory',
    async () => {
      const store = await openStore('memory://');
      return { first: store, second: store };
    },
  ],
  [
    'SQLite',
    async () => {
      const dir = await tempDir();
      const url = `sqlite://${dir.path}/contract.sqlite`;
      return { first: await openStore(url), second: await openStore(url), cleanup: dir.cleanup };
    },
  ],
];

const shared = (namespace: () => Namespace) => async (): Promise<StorePair> => {
  const { url, cleanup } = namespace();
  return { first: await openStore(url), second: await openStore(url), cleanup };
};
// Registered only when the server is configured; the global setup names what was not run.
if (TEST_REDIS_URL) backends.push(['Redis', shared(() => redisNamespace())]);
if (TEST_POSTGRES_URL) backends.push(['PostgreSQL', shared(() => postgresNamespace())]);

for (const [name, openPair] of backends) {
  // Redis sends a commit's records beside its script (they live in other Cluster slots).
  conversationStoreContract(name, openPair, { recordsInTheCommit: name !== 'Redis' });
  coordinationContract(name, openPair);
}
