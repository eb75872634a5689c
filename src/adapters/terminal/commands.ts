// `/name [PATH]` lines of the terminal chat, routed to the command table.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { findCommand, runCommand, type CommandDeps, type ReceivedFile } from '../../commands/index.js';
import { ImportRejected, type ConversationKey } from '../../core/index.js';
import { terminalGuide } from './guide.js';

/** Where the terminal's commands act and write. */
export interface TerminalCommandContext {
  commands: CommandDeps;
  key: ConversationKey;
  userId: string;
  /** Where /export writes its files. */
  exportDir: string;
}

/** Runs a `/…` line and returns what to print; unknown names get a pointer to /help. */
export async function runTerminalCommand(ctx: TerminalCommandContext, line: string): Promise<string> {
  const [, name = '', rest = ''] = /^\/(\S*)\s*(.*)$/.exec(line.trim()) ?? [];
  const command = findCommand(name);
  if (!command) return `There is no command /${name}. Type /help for the list.`;
  const needsFile = command.args.find((arg) => arg.kind === 'file');
  if (needsFile?.required && !rest) return `Usage: ${terminalGuide.howToRun(command)}`;
  const file = needsFile && rest ? await readLocalFile(rest, ctx.commands.maxImportBytes) : undefined;
  const reply = await runCommand(ctx.commands, command, {
    requesterId: ctx.userId,
    target: { keys: [ctx.key], scope: 'this-conversation' },
    guide: terminalGuide,
    ...(file ? { file } : {}),
  });
  if (!reply.files?.length) return reply.text;
  await mkdir(ctx.exportDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const paths = [];
  for (const item of reply.files) {
    const path = join(ctx.exportDir, item.name.replace(/^conversation/, `conversation-${stamp}`));
    await writeFile(path, item.content);
    paths.push(path);
  }
  return `${reply.text} Saved as ${paths.join(' and ')}.`;
}

async function readLocalFile(path: string, maxBytes: number): Promise<ReceivedFile> {
  const name = basename(path);
  const size = await stat(path).then((info) => info.size, () => undefined);
  if (size === undefined) throw new ImportRejected(`there is no file at ${path}`);
  if (size > maxBytes) throw new ImportRejected(`${name} is ${size.toLocaleString('en-US')} bytes; the most I import is ${maxBytes.toLocaleString('en-US')} (MAX_IMPORT_BYTES)`);
  return { name, text: await readFile(path, 'utf8') };
}
