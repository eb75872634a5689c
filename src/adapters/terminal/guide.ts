// How the terminal chat describes itself in /help.
import type { PlatformGuide } from '../../commands/index.js';

/** The terminal's help: one person, one conversation, kept between runs. */
export const terminalGuide: PlatformGuide = {
  platform: 'the terminal',
  conversation: 'this terminal chat is your own continuing conversation, kept between runs. /quit leaves it.',
  howToRun: (command) => `/${command.name}${command.args.map((arg) => (arg.kind === 'file' ? ' PATH' : ` ${arg.name.toUpperCase()}`)).join('')}`,
};
