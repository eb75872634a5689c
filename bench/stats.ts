// Summary statistics and machine facts shared by every benchmark.
import { cpus, totalmem } from 'node:os';

/** Percentiles of one series of samples (milliseconds unless a field says otherwise). */
export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** The q-quantile (0..1) of sorted samples, nearest-rank, so p99 is a value that was observed. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median, p90, p99, max and mean of samples. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN, mean };
}

/** The median of several values (e.g. one figure from repeated runs). */
export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/** Rounds for tables and JSON: three significant decimals are plenty for timings. */
export function round(value: number | null | undefined, digits = 3): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** What the numbers were measured on. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  platform: string;
  arch: string;
}

/** The machine the benchmark runs on. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return { cores: list.length, cpuModel: list[0]?.model ?? 'unknown', memoryBytes: totalmem(), node: process.version, platform: process.platform, arch: process.arch };
}

/** Fraction (0..1) of all cores busy over `sampleMs`, from /proc/stat; null where there is none. */
export async function cpuBusy(sampleMs = 500): Promise<number | null> {
  const read = async () => {
    const { readFile } = await import('node:fs/promises');
    const fields = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0);
    return { idle, total: fields.reduce((sum, x) => sum + x, 0) };
  };
  try {
    const before = await read();
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const after = await read();
    const total = after.total - before.total;
    return total > 0 ? 1 - (after.idle - before.idle) / total : null;
  } catch {
    return null;
  }
}

// Other work on a shared machine (builds, test runs) steals the cores the figures depend on; past
// this share of all cores busy, a benchmark waits (bounded) before measuring and records what it saw.
const QUIET_BUSY = 0.2;

let quietBudgetMs = 30_000;

/** Caps every later {@link waitForQuiet} (a quick run cannot afford to wait). */
export function setQuietBudget(ms: number): void {
  quietBudgetMs = ms;
}

/** Waits up to `maxWaitMs` for the machine to be mostly idle; returns the last busy fraction seen. */
export async function waitForQuiet(maxWaitMs = 30_000): Promise<number | null> {
  const deadline = Date.now() + Math.min(maxWaitMs, quietBudgetMs);
  let busy = await cpuBusy();
  while (busy !== null && busy > QUIET_BUSY && Date.now() < deadline) busy = await cpuBusy(1000);
  return busy;
}
