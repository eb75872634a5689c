// Printing tables and writing machine-readable results under bench/results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './stats.js';

/** Where JSON results go; only summary.json is committed. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** One table row: column name → value. */
export type Row = Record<string, string | number | null | boolean>;

/** Prints rows as an aligned text table under a title. */
export function printTable(title: string, rows: readonly Row[]): void {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: Row[string] | undefined) => (value === null || value === undefined ? '—' : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (cells: string[]) => cells.map((text, i) => text.padStart(widths[i]!)).join('  ');
  process.stdout.write(`\n${title}\n${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((column) => cell(row[column])))}\n`);
}

/** Writes one benchmark's result as bench/results/<name>.json, with the machine and time. */
export async function writeResult(name: string, data: unknown): Promise<string> {
  const path = join(RESULTS_DIR, `${name}.json`);
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path, JSON.stringify({ benchmark: name, at: new Date().toISOString(), machine: machineInfo(), ...(data as object) }, null, 2) + '\n');
  return path;
}

/** Prints a line of progress on stderr so stdout stays the tables. */
export function progress(text: string): void {
  // Seconds since the run started, so a slow part of a full run shows which it is.
  process.stderr.write(`[bench +${Math.round(process.uptime())}s] ${text}\n`);
}
