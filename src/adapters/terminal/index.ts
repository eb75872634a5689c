import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ReplyBuilder, conversationKey, usageReportText, userMessageFor, type ConversationKey } from '../../core/index.js';
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

const HELP = 'Type a message and press Enter. Commands: /reset forgets this conversation, /export saves it, /usage shows your tokens and cost, /quit leaves.';

/** A local chat on stdin/stdout with the same memory, tools and commands as the platforms. */
export function createTerminalAdapter(config: TerminalAdapterConfig, deps: AdapterDeps): PlatformAdapter & { done: Promise<void> } {
  const key = conversationKey({ platform: 'terminal', workspaceId: 'local', scope: { kind: 'dm', userId: config.userId } });
  const print = (text: string) => config.output.write(text);
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let lines: ReturnType<typeof createInterface> | undefined;

  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') return false;
    if (text === '') return true;
    if (text === '/reset') print((await deps.parley.reset(key, config.userId)) ? 'Conversation forgotten.\n' : 'Nothing to forget yet.\n');
    else if (text === '/export') print(await exportTo(deps, key, config));
    else if (text === '/help') print(HELP + '\n');
    // Until the shared command table lands, /usage is this one line here (Slack and Discord: see README).
    else if (text === '/usage') print(usageReportText(await deps.parley.usage(key, config.userId)) + '\n');
    else await answer(deps, key, config.userId, text, print);
    return true;
  };

  return {
    name: 'terminal',
    done,
    async start() {
      print(`Parley terminal chat. ${HELP}\n`);
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
        finish();
      })();
    },
    async stop() {
      lines?.close();
    },
  };
}

// A terminal cannot edit what it printed, so it prints each new tail of the reply's visible text,
// which only ever grows: the same words Slack and Discord show, in the same order.
async function answer(deps: AdapterDeps, key: ConversationKey, userId: string, text: string, print: (text: string) => void) {
  const builder = new ReplyBuilder();
  let printed = '';
  const show = () => {
    const visible = builder.visibleText;
    print(visible.slice(printed.length));
    printed = visible;
  };
  try {
    for await (const event of deps.parley.stream({ key, text, author: { id: userId } })) if (builder.apply(event)) show();
  } catch (error) {
    deps.logger.warn('terminal.turn_failed', { error });
    builder.fail(error);
    show();
  }
  print('\n');
}

async function exportTo(deps: AdapterDeps, key: ConversationKey, config: TerminalAdapterConfig): Promise<string> {
  const exported = await deps.parley.exportConversation(key, config.userId);
  if (!exported) return 'Nothing to export yet.\n';
  await mkdir(config.exportDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = join(config.exportDir, `conversation-${stamp}.json`);
  const markdown = join(config.exportDir, `conversation-${stamp}.md`);
  await writeFile(json, exported.json);
  await writeFile(markdown, exported.markdown);
  return `Exported ${exported.messageCount} messages to ${json} and ${markdown}\n`;
}
