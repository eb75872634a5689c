import { openConversationStore } from '../../src/store/open-store.js';
import { tempDir } from '../support/core-harness.js';
import { conversationStoreContract } from './conversation-store.contract.js';

conversationStoreContract('in-memory', async () => ({ store: await openConversationStore('memory://') }));

conversationStoreContract('SQLite', async () => {
  const dir = await tempDir();
  return { store: await openConversationStore(`sqlite://${dir.path}/contract.sqlite`), cleanup: dir.cleanup };
});
