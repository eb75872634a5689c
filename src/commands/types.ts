// The shape of one command, and what a command is given and answers; adapters route to these.
import type { ConversationKey, Parley } from '../core/index.js';

/** Where a command acts: one conversation (a DM, a thread), or the threads someone started in a channel (Slack). */
export type CommandScope = 'this-conversation' | 'started-threads';

/** The conversations a command acts on, found by the adapter from where it was run. */
export interface CommandTarget {
  keys: readonly ConversationKey[];
  scope: CommandScope;
}

/** A file handed to a command (the export brought back by /import), already fetched by the adapter. */
export interface ReceivedFile {
  name: string;
  /** The bytes as UTF-8 text. */
  text: string;
}

/** A file a command hands back (the export's JSON and Markdown); each adapter delivers it its own way. */
export interface OutgoingFile {
  name: string;
  content: string;
}

/** How a platform describes itself in /help. */
export interface PlatformGuide {
  /** "Slack", "Discord", "the terminal". */
  platform: string;
  /** What counts as one conversation on this platform, in a sentence or two. */
  conversation: string;
  /** How a person runs `command` here, e.g. "/reset" or "`@Parley reset` in a thread". */
  howToRun(command: CommandDefinition): string;
}

/** One run of a command. */
export interface CommandRequest {
  /** The person who ran it: the only one whose conversations it may touch. */
  requesterId: string;
  target: CommandTarget;
  guide: PlatformGuide;
  /** The file the person attached, for commands with a file argument. */
  file?: ReceivedFile;
}

/** What a command answers: one private line or paragraph, and any files. */
export interface CommandReply {
  text: string;
  files?: readonly OutgoingFile[];
}

/** A command argument; a `file` one is an attachment on Discord, an upload on Slack, a path in the terminal. */
export interface CommandArgument {
  name: string;
  description: string;
  kind: 'file';
  required: boolean;
}

/** What every command runs against. */
export interface CommandDeps {
  parley: Parley;
  /** The largest file /import accepts (MAX_IMPORT_BYTES). */
  maxImportBytes: number;
}

/** One command, defined once; every adapter routes to it and answers with its words. */
export interface CommandDefinition {
  /** Lower-case, as typed after the slash: "reset". */
  name: string;
  /** One line, shown by Discord's command picker, Slack's manifest and /help. */
  description: string;
  args: readonly CommandArgument[];
  /**
   * Whether Slack offers it as a slash command (declared in slack-manifest.yaml). Slack's slash namespace
   * is shared with every app in a workspace and carries no files, so help and import are messages there.
   */
  slackSlash: boolean;
  run(deps: CommandDeps, request: CommandRequest): Promise<CommandReply>;
}
