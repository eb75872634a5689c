// Pure functions for Discord's mention markup in incoming messages.
import { speakerName } from '../../core/index.js';

/** Looks up cached names for mention markup; undefined when the id is not cached. */
export interface MentionNames {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): string | undefined;
}

const USER_MENTION = /<@!?(\d{1,25})>/g;
const CHANNEL_MENTION = /<#(\d{1,25})>/g;
const ROLE_MENTION = /<@&(\d{1,25})>/g;

/**
 * The text the model should read: the bot's own mention removed, other user, channel and role
 * mentions turned into `@name` / `#name` when the names are cached (left as they are otherwise).
 */
export function readableText(content: string, botId: string, names: MentionNames): string {
  // The bot's mention goes together with one following space, so "hi <@bot> there" reads "hi there";
  // other whitespace is kept because it may be indentation inside a pasted code block.
  const withoutBot = content.replace(/<@!?(\d{1,25})> ?/g, (markup, id: string) => (id === botId ? '' : markup));
  return withoutBot
    .replace(USER_MENTION, (markup, id: string) => nameOr(markup, '@', safe(() => names.user(id))))
    .replace(CHANNEL_MENTION, (markup, id: string) => nameOr(markup, '#', safe(() => names.channel(id))))
    .replace(ROLE_MENTION, (markup, id: string) => nameOr(markup, '@', safe(() => names.role(id))))
    .trim();
}

// Names are chosen by people (nicknames, role and thread names): cleaned like a speaker label, so a
// mention cannot smuggle a line that looks like someone else's message into the text.
function nameOr(markup: string, sigil: string, name: string | undefined): string {
  const safe = speakerName(name);
  return safe ? `${sigil}${safe}` : markup;
}

// A lookup that throws (a half-built cache entry) must not cost the user their answer.
function safe(lookup: () => string | undefined): string | undefined {
  try {
    return lookup();
  } catch {
    return undefined;
  }
}
