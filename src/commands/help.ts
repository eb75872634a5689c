// /help: what Parley does here, what one conversation is, the commands, and where memory lives.
import type { CommandDefinition, PlatformGuide } from './types.js';

/**
 * The help text for a platform, from the command table: also what Slack's App Home tab shows.
 * Takes the table as an argument so that help itself can be one of its entries.
 */
export function helpText(guide: PlatformGuide, commands: readonly CommandDefinition[]): string {
  const elsewhere = guide.platform === 'the terminal' ? 'anywhere else' : guide.platform;
  return [
    `Parley brings Claude into ${guide.platform} and remembers what you talk about. Ask me anything; I can also calculate.`,
    '',
    `One conversation: ${guide.conversation}`,
    '',
    'Commands:',
    ...commands.map((command) => `• ${guide.howToRun(command)}: ${command.description}`),
    '',
    `Memory: conversations are kept in Parley's own store, run by whoever set Parley up here; I never read them back from ${elsewhere}. ` +
      'A conversation stays until it is reset, which deletes it for good: export it first if you want a copy, and import brings a copy back.',
  ].join('\n');
}

/** Builds the help command over the table it belongs to. */
export function helpCommand(commands: () => readonly CommandDefinition[]): CommandDefinition {
  return {
    name: 'help',
    description: 'What I do here, what counts as one conversation, my commands, and where my memory is kept',
    args: [],
    slackSlash: false,
    run: async (_deps, { guide }) => ({ text: helpText(guide, commands()) }),
  };
}
