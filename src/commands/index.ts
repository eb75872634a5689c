// The one table of commands. Adding a command: write its definition (name, words, core operation) and
// add it here; Slack, Discord and the terminal route to it, and Discord registers it, from this list.
import { exportCommand } from './export.js';
import { helpCommand, helpText } from './help.js';
import { importCommand } from './import.js';
import { resetCommand } from './reset.js';
import { usageCommand } from './usage.js';
import type { Parley } from '../core/index.js';
import type { CommandDefinition, CommandDeps, CommandReply, CommandRequest, PlatformGuide } from './types.js';

export type * from './types.js';

// 5 MB holds an export of thousands of turns; anything larger is far more likely a wrong file.
/** Default of MAX_IMPORT_BYTES. */
export const DEFAULT_MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** The commands' dependencies with defaults filled in. */
export function commandDeps(parley: Parley, maxImportBytes = DEFAULT_MAX_IMPORT_BYTES): CommandDeps {
  return { parley, maxImportBytes };
}

/** Every command, in the order /help lists them. */
export const commandTable: readonly CommandDefinition[] = [resetCommand, exportCommand, importCommand, usageCommand, helpCommand(() => commandTable)];

/** The command of that name (case-insensitive), if there is one. */
export function findCommand(name: string): CommandDefinition | undefined {
  const wanted = name.toLowerCase();
  return commandTable.find((command) => command.name === wanted);
}

/** The commands Slack offers as slash commands: exactly those slack-manifest.yaml declares. */
export const slackSlashCommands = (): CommandDefinition[] => commandTable.filter((command) => command.slackSlash);

/** Runs a command of the table. */
export function runCommand(deps: CommandDeps, command: CommandDefinition, request: CommandRequest): Promise<CommandReply> {
  return command.run(deps, request);
}

/** The help text of a platform, for places other than /help that show it (Slack's App Home tab). */
export function platformHelp(guide: PlatformGuide): string {
  return helpText(guide, commandTable);
}
