// The same behaviours with @slack/bolt loaded before the app starts. Bolt's Socket Mode client brings
// undici 7, which installs its Agent as the process-wide dispatcher that discord.js's undici 6 also
// reads; discord.js requests carrying files (/export) then fail with "action is not a function"
// unless discord.js has an Agent of its own. This import must stay the file's first.
import '@slack/bolt';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { bothPlatformsBehaviours } from './both-platforms-behaviours.js';

describe('Slack and Discord in one process, with @slack/bolt loaded first', () => {
  it("runs with undici 7's Agent as the process-wide dispatcher (the precondition of the trap)", () => {
    // Already loaded by Bolt, so requiring it here installs nothing new.
    const undici7 = createRequire(import.meta.url)('undici') as { Agent: new () => object };
    const global = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')];
    expect(global).toBeInstanceOf(undici7.Agent);
  });

  bothPlatformsBehaviours();
});
