import { cpus, freemem, loadavg, totalmem, platform, release } from 'node:os';
import type { RedisClient } from '../../storage/redis.js';

export interface MachineInfo {
  date: string;
  cpu: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  redis: string;
  /** 1-minute load average when the run started: other work on the machine shows here. */
  loadAverageAtStart: number;
  freeRamGbAtStart: number;
}

/** What the figures came from: they only mean something next to the machine that produced them. */
export async function machineInfo(redis: RedisClient): Promise<MachineInfo> {
  const server = await redis.info('server');
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    ramGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    redis: /redis_version:(\S+)/.exec(server)?.[1] ?? 'unknown',
    loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100,
    freeRamGbAtStart: Math.round((freemem() / 2 ** 30) * 10) / 10,
  };
}
