// CPU time of other processes: process.cpuUsage() covers only the calling process, and the
// benchmarks' workers and proxy are children, Redis a server of its own.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { RedisClient } from '../../storage/redis.js';

/** /proc counts CPU time in clock ticks: USER_HZ, 100 on nearly every Linux. */
const TICKS_PER_SECOND = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * User + system CPU seconds a process has used so far, all its threads together, from
 * /proc/<pid>/stat (10 ms resolution); null where there is no /proc (not Linux) or the process is gone.
 */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command name, may itself hold spaces and parentheses: count from after it.
    // What follows starts at field 3 (state); utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** This process's user + system CPU seconds so far. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Redis's user + system CPU seconds so far (INFO cpu): the whole server, every client's work. */
export async function redisCpuSeconds(redis: RedisClient): Promise<number> {
  const info = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return value('used_cpu_user') + value('used_cpu_sys');
}

/**
 * CPU seconds every core of the machine has spent busy so far (/proc/stat), null off Linux: beside
 * a benchmark's own processes, it shows how much else was running at the same time.
 */
export function machineBusyCpuSeconds(): number | null {
  try {
    const total = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: all but idle and iowait are work.
    const [user, nice, system, , , irq, softirq, steal] = total;
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
