// Gives discord.js's REST manager an undici Agent from discord.js's own undici copy.
//
// Why: @discordjs/rest sends requests with undici 6's `request()`, which uses undici's global
// dispatcher when no agent is given. That global lives on `globalThis` under a shared symbol, and
// @slack/bolt (Socket Mode) brings undici 7, which installs its own Agent there when it loads first.
// undici 6 then hands its FormData bodies (every message with files: /export) to undici 7's
// dispatcher, which fails with "action is not a function". An Agent built from the same undici
// copy @discordjs/rest imports keeps both halves on one version, whatever else is loaded.
import { createRequire } from 'node:module';
import type { ClientOptions } from 'discord.js';

type RestAgent = NonNullable<NonNullable<ClientOptions['rest']>['agent']>;

/** A fresh undici Agent from the undici copy that @discordjs/rest itself resolves. */
export function createRestAgent(): RestAgent {
  // Resolve step by step from discord.js, exactly as Node resolves discord.js's own imports, so the
  // hoisting layout of node_modules does not matter.
  const fromHere = createRequire(import.meta.url);
  const fromDiscord = createRequire(fromHere.resolve('discord.js'));
  const fromRest = createRequire(fromDiscord.resolve('@discordjs/rest'));
  const undici = fromRest('undici') as { Agent: new () => RestAgent };
  return new undici.Agent();
}
