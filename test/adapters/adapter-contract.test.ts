// The adapter contract against every adapter: Slack and Discord through their real client libraries on
// the fakes, and the terminal chat for the behaviours a one-person chat has.
import { adapterContract } from './adapter-contract.js';
import { startDiscordContractHarness } from './discord-contract-harness.js';
import { startSlackContractHarness } from './slack-contract-harness.js';
import { startTerminalContractHarness } from './terminal-contract-harness.js';
import { replyContract } from './reply-contract.js';
import { commandContract } from './command-contract.js';
import { importContract } from './import-contract.js';

adapterContract('Slack', startSlackContractHarness);
adapterContract('Discord', startDiscordContractHarness);
// No channels, no other authors, no platform redeliveries: only the DM, export and error behaviours apply.
adapterContract('terminal', startTerminalContractHarness, 'direct-only');

replyContract('Slack', startSlackContractHarness);
replyContract('Discord', startDiscordContractHarness);
replyContract('the terminal', startTerminalContractHarness, 'direct-only');

commandContract('Slack', 'Slack', startSlackContractHarness);
commandContract('Discord', 'Discord', startDiscordContractHarness);
commandContract('the terminal', 'the terminal', startTerminalContractHarness);

importContract('Slack', startSlackContractHarness);
importContract('Discord', startDiscordContractHarness);
importContract('the terminal', startTerminalContractHarness);
