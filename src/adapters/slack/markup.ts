// Turns the text of an incoming Slack message into the plain text the model reads.
import { speakerName } from '../../core/index.js';

/** Looks up a display name for a user id; undefined when it is not known. */
export type NameLookup = (userId: string) => string | undefined;

// Slack wraps every piece of markup in <...>; a literal < or > typed by a person arrives as &lt; / &gt;,
// so any <...> in the raw text is markup. The [^<>] class keeps a stray bracket from swallowing text.
const MARKUP = /<([^<>]*)>/g;
const USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/g;
// Invisible characters that only get in the way: zero-width space, word joiner, BOM. The zero-width
// joiner (U+200D) and non-joiner (U+200C) stay: emoji sequences and some scripts need them.
const INVISIBLE = /[\u200B\u2060\uFEFF]/g;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** The user ids mentioned in a message (`<@U123>`), each once, in order of appearance. */
export function mentionedUserIds(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(USER_MENTION)) ids.add(match[1]!);
  return [...ids];
}

/** Options of {@link toPlainText}. */
export interface PlainTextOptions {
  /** The bot's own user id: its mentions are removed rather than rendered. */
  botUserId?: string;
  /** Names for `<@U123>` mentions; unknown ids stay as `@U123`. */
  nameOf?: NameLookup;
}

/**
 * Readable text from Slack markup: the bot's mention removed, `<@U1>` → `@name`, `<#C1|general>` → `#general`,
 * `<https://x|label>` → `label (https://x)`, `<!here>` → `@here`, and &lt; &gt; &amp; decoded.
 * Never throws: unknown markup keeps its label or its raw content.
 */
export function toPlainText(text: string, options: PlainTextOptions = {}): string {
  const nameOf = options.nameOf ?? (() => undefined);
  let out = text.replace(INVISIBLE, '');
  let startsWithBot = false;
  if (options.botUserId) {
    // A removed bot mention takes one following space with it, so "hi <@BOT> there" reads "hi there".
    const botMention = new RegExp(`<@${escapeRegExp(options.botUserId)}(?:\\|[^<>]*)?> ?`, 'g');
    startsWithBot = new RegExp(`^\\s*${botMention.source}`).test(out);
    out = out.replace(botMention, '');
  }
  out = decodeEntities(out.replace(MARKUP, (_whole, inner: string) => renderMarkup(inner, nameOf))).trim();
  // "@Parley, what is…" / "@Parley: what is…" leaves a leading separator once the mention is gone.
  if (startsWithBot) out = out.replace(/^[,:;]\s*/, '');
  return out;
}

function renderMarkup(inner: string, nameOf: NameLookup): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    // A name is the person's to choose: cleaned like a speaker label, so a mention cannot smuggle one in.
    const name = speakerName(label?.replace(/^@/, '')) ?? speakerName(nameOf(id)) ?? id;
    return `@${name}`;
  }
  if (target.startsWith('#')) return `#${label || target.slice(1)}`;
  if (target.startsWith('!')) return special(target.slice(1), label);
  return link(target, label);
}

// <!here>, <!channel>, <!everyone>, <!subteam^S123|@team>, <!date^1392734382^{date}|fallback text>
function special(command: string, label: string | undefined): string {
  if (label) return label;
  const word = command.split('^', 1)[0] ?? command;
  return word ? `@${word}` : '';
}

function link(url: string, label: string | undefined): string {
  const bare = url.replace(/^mailto:/, '');
  if (!label || label === url || label === bare) return bare;
  return `${label} (${url})`;
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** `text` with every character a RegExp reads as syntax escaped, to match it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
