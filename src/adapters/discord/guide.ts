// How Discord describes itself in /help.
import type { PlatformGuide } from '../../commands/index.js';

/** Discord's help: a DM is one's own, each person has their own in a channel, a thread is shared. */
export const discordGuide: PlatformGuide = {
  platform: 'Discord',
  conversation:
    'our DM is your own continuing conversation. In a server channel each person has their own conversation with me (mention me or reply to me); a thread is one conversation shared by everyone who writes in it.',
  howToRun: (command) => `/${command.name}${command.args.map((arg) => ` ${arg.name}:<${arg.kind === 'file' ? 'conversation.json' : arg.name}>`).join('')}`,
};
