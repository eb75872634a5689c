// The adapter's one runtime load of discord.js, through Node's CommonJS require.
//
// Why: discord.js is a CommonJS package of ~650 files with its dependencies. An ESM `import` of it makes
// Node 20 load every one of those files through the ESM loader's CommonJS translator, which runs
// cjs-module-lexer over each to find its named exports; require() loads the same files without that.
// The difference is ~35 ms of start-up CPU in Discord mode (bench/RESULTS.md, "Discord start-up").
// Every value the adapter takes from discord.js comes from here, so the process holds one copy; types
// are still imported from 'discord.js' directly (`import type` costs nothing at run time).
import { createRequire } from 'node:module';

type DiscordJs = typeof import('discord.js');

const require = createRequire(import.meta.url);
const discord = require('discord.js') as DiscordJs;

export const { AttachmentBuilder, Events, GatewayIntentBits, InteractionContextType, MessageFlags, Options, Partials, RESTEvents, Routes, SlashCommandBuilder } = discord;

// Used as types too (a class, and enums whose members are compared), so each also names its type.
export const Client = discord.Client;
export type Client<Ready extends boolean = boolean> = import('discord.js').Client<Ready>;
export const ChannelType = discord.ChannelType;
export type ChannelType = import('discord.js').ChannelType;
export const MessageType = discord.MessageType;
export type MessageType = import('discord.js').MessageType;
