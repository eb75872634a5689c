import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { commandDeps } from '../../commands/index.js';
import { ReplyBuilder, conversationKey, userMessageFor, type MessageAddress } from '../../core/index.js';
import { runTerminalCommand } from './commands.js';
import type { AdapterDeps, PlatformAdapter } from '../platform-adapter.js';

/** Settings for the terminal chat. */
export interface TerminalAdapterConfig {
  /** Whose conversation this is; the terminal is one person's DM with the bot. */
  userId: string;
  input: Readable;
  output: Writable;
  /** Where /export writes its files. */
  exportDir: string;
  /** Called after /quit or end of input. */
  onQuit?: () => void;
}

/** The name the terminal adapter declares: the first part of its conversation key. */
export const TERMINAL = 'terminal';
// The terminal belongs to no workspace; this fixed name stands in for one.
const LOCAL_WORKSPACE = 'local';

/** Where the terminal's person writes: their DM with the bot (no channel, no threads). */
export function terminalAddress(userId: string): MessageAddress {
  return { platform: TERMINAL, workspaceId: LOCAL_WORKSPACE, userId, audience: 'dm' };
}

const GREETING = 'Parley terminal chat. Type a message and press Enter; /help lists the commands, /quit leaves.';

/** How a terminal chat ended: how many lines (messages and commands) it read. */
export interface TerminalChatEnd {
  messages: number;
}

/** A local chat on stdin/stdout with the same memory, tools and commands as the platforms. */
export function createTerminalAdapter(config: TerminalAdapterConfig, deps: AdapterDeps): PlatformAdapter & { done: Promise<TerminalChatEnd> } {
  const address = terminalAddress(config.userId);
  const key = conversationKey(address);
  const print = (text: string) => config.output.write(text);
  const commandContext = { commands: deps.commands ?? commandDeps(deps.parley), key, userId: config.userId, exportDir: config.exportDir };
  let finish: (end: TerminalChatEnd) => void = () => undefined;
  const done = new Promise<TerminalChatEnd>((resolve) => (finish = resolve));
  let messages = 0;
  let lines: ReturnType<typeof createInterface> | undefined;

  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    if (text !== '') messages++;
    if (text === '/quit' || text === '/exit') return false;
    if (text === '') return true;
    if (text.startsWith('/')) print(`${await runTerminalCommand(commandContext, text)}\n`);
    else await answer(deps, address, text, print);
    return true;
  };

  return {
    name: TERMINAL,
    done,
    async start() {
      print(`${GREETING}\n`);
      lines = createInterface({ input: config.input, terminal: false });
      void (async () => {
        print('> ');
        // Lines are handled one by one, so a pasted burst is answered in order.
        for await (const line of lines) {
          if (!(await handle(line).catch((error: unknown) => (print(`${userMessageFor(error)}\n`), true)))) break;
          print('> ');
        }
        lines.close();
        config.onQuit?.();
        finish({ messages });
      })();
    },
    async stop() {
      lines?.close();
    },
  };
}

// A terminal cannot edit what it printed, so it prints each new tail of the reply's visible text,
// which only ever grows: the same words Slack and Discord show, in the same order.
async function answer(deps: AdapterDeps, address: MessageAddress, text: string, print: (text: string) => void) {
  const builder = new ReplyBuilder();
  let printed = '';
  const show = () => {
    const visible = builder.visibleText;
    print(visible.slice(printed.length));
    printed = visible;
  };
  try {
    for await (const event of deps.parley.stream({ address, text })) if (builder.apply(event)) show();
  } catch (error) {
    deps.logger.warn('terminal.turn_failed', { error });
    builder.fail(error);
    show();
  }
  print('\n');
}
