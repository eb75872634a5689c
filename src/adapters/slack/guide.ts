// How Slack describes itself in /help and on the App Home tab.
import { platformHelp, type PlatformGuide } from '../../commands/index.js';

/** Slack's help: DMs are one's own conversation, channel threads are shared; help and import are messages. */
export const slackGuide: PlatformGuide = {
  platform: 'Slack',
  conversation:
    'the top level of our DM is your own continuing conversation, and each thread you start in our DM is a chat of its own. In a channel, each thread that starts with a mention of me is one conversation, shared by everyone who writes in it.',
  howToRun(command) {
    if (command.slackSlash) return `/${command.name} (in a thread: @Parley ${command.name})`;
    if (command.args.some((arg) => arg.kind === 'file')) {
      return `${command.name} (a message in our DM with the file attached; in a thread: @Parley ${command.name} with the file)`;
    }
    return `${command.name} (a message in our DM; anywhere else: @Parley ${command.name})`;
  },
};

/** The help text as Slack shows it, for /help's message forms and the App Home tab. */
export function slackHelpText(): string {
  return platformHelp(slackGuide);
}
