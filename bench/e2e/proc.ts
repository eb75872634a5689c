// What the kernel says about a process and the machine: CPU time and RSS from /proc, read from outside
// the bot so the measurement adds nothing to what it measures.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

// USER_HZ: the unit of /proc's CPU times. 100 on every Linux this runs on (`getconf CLK_TCK`).
const TICKS_PER_SECOND = 100;
const MS_PER_TICK = 1000 / TICKS_PER_SECOND;

/** CPU time (user + system, all threads) a process has used so far, in ms; 10 ms resolution. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses; fields after its last ")" are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, so 11 and 12 after the name.
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export function processRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

/** Busy and total CPU time of the whole machine so far, in ms summed over cores. */
export function machineCpuMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, x) => sum + x, 0);
  const idle = fields[3]! + fields[4]!;
  return { busy: (total - idle) * MS_PER_TICK, total: total * MS_PER_TICK };
}

/** A CPU window over a measurement: the bot's own CPU and what everything else on the machine used. */
export interface CpuWindow {
  /** Ends the window; `ours` are the pids whose CPU is the benchmark's (bot, driver, fake model). */
  stop(): { botMs: number; backgroundCores: number; loadAverage: number };
}

/**
 * Starts measuring: the bot's CPU, and the cores that processes outside the benchmark kept busy
 * (machine busy time minus the benchmark's own processes, per second of wall time).
 */
export function cpuWindow(botPid: number, ourPids: () => number[]): CpuWindow {
  const startedAt = performance.now();
  const bot = processCpuMs(botPid);
  const machine = machineCpuMs();
  const ours = sumCpu(ourPids());
  return {
    stop() {
      const wallMs = Math.max(1, performance.now() - startedAt);
      const botMs = processCpuMs(botPid) - bot;
      const machineBusy = machineCpuMs().busy - machine.busy;
      const oursMs = sumCpu(ourPids()) - ours;
      return { botMs, backgroundCores: Math.max(0, machineBusy - oursMs) / wallMs, loadAverage: loadavg()[0]! };
    },
  };
}

function sumCpu(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += processCpuMs(pid);
    } catch {
      // A process that ended has nothing more to add.
    }
  }
  return total;
}
