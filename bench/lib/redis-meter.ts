// Counts what a process asks of Redis, without MONITOR and without touching Parley's code:
// every ioredis command (by name; EVALSHA by script), every write to a Redis socket (a command,
// or a whole pipeline: one write is one round trip when the caller awaits it before going on),
// and the bytes each way. Connections are grouped by role: "command" is the fail-fast connection
// interaction handlers and queues share, "worker" the ones BullMQ workers block on.
//
// Install before anything connects (bench/processes/parley-bot.ts does it first thing).

import type { Socket } from 'node:net';
import { Redis } from 'ioredis';

export type Role = 'command' | 'worker';

export interface RoleCounters {
  commands: Record<string, number>;
  writes: number;
  bytesOut: number;
  bytesIn: number;
}

export type MeterSnapshot = Record<Role, RoleCounters>;

interface Tracked {
  role: Role;
  sockets: Set<Socket>;
  closedBytesOut: number;
  closedBytesIn: number;
  writes: number;
  commands: Map<string, number>;
}

const tracked = new Map<Redis, Tracked>();
const scriptNames = new Map<string, string>();
let installed = false;

/** Names EVALSHA calls by their script (Parley's RedisScript or a BullMQ command). */
export function nameScript(sha: string, name: string): void {
  scriptNames.set(sha, name);
}

export function installRedisMeter(): void {
  if (installed) return;
  installed = true;
  const original = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function meteredSendCommand(this: Redis, command, stream) {
    const entry = trackedFor(this);
    let name = command.name.toLowerCase();
    if (name === 'evalsha') name = `evalsha ${scriptName(this, String(command.args[0]))}`;
    else if (name === 'eval') name = 'eval (script load)';
    entry.commands.set(name, (entry.commands.get(name) ?? 0) + 1);
    const socket = (this as unknown as { stream?: Socket }).stream;
    if (socket && !entry.sockets.has(socket)) watchSocket(entry, socket);
    return original.call(this, command, stream);
  };
}

function trackedFor(redis: Redis): Tracked {
  let entry = tracked.get(redis);
  if (!entry) {
    // BullMQ's own connections (and ours for workers) retry forever: maxRetriesPerRequest null.
    const role: Role = redis.options.maxRetriesPerRequest === null ? 'worker' : 'command';
    entry = { role, sockets: new Set(), closedBytesIn: 0, closedBytesOut: 0, writes: 0, commands: new Map() };
    tracked.set(redis, entry);
  }
  return entry;
}

function watchSocket(entry: Tracked, socket: Socket): void {
  entry.sockets.add(socket);
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    entry.writes += 1;
    return write(...args);
  }) as typeof socket.write;
  socket.once('close', () => {
    entry.closedBytesIn += socket.bytesRead;
    entry.closedBytesOut += socket.bytesWritten;
    entry.sockets.delete(socket);
  });
}

function scriptName(redis: Redis, sha: string): string {
  const known = scriptNames.get(sha);
  if (known) return known;
  // ioredis keeps scripts defined with defineCommand (BullMQ's) by name.
  const scripts = (redis as unknown as { scriptsSet?: Record<string, { sha: string }> }).scriptsSet ?? {};
  for (const [name, script] of Object.entries(scripts)) {
    if (script.sha === sha) {
      scriptNames.set(sha, `bullmq:${name}`);
      return `bullmq:${name}`;
    }
  }
  return sha.slice(0, 8);
}

export function meterSnapshot(): MeterSnapshot {
  const empty = (): RoleCounters => ({ commands: {}, writes: 0, bytesOut: 0, bytesIn: 0 });
  const snapshot: MeterSnapshot = { command: empty(), worker: empty() };
  for (const entry of tracked.values()) {
    const into = snapshot[entry.role];
    into.writes += entry.writes;
    into.bytesIn += entry.closedBytesIn;
    into.bytesOut += entry.closedBytesOut;
    for (const socket of entry.sockets) {
      into.bytesIn += socket.bytesRead;
      into.bytesOut += socket.bytesWritten;
    }
    for (const [name, count] of entry.commands) into.commands[name] = (into.commands[name] ?? 0) + count;
  }
  return snapshot;
}

/** after − before, per role and per command. */
export function meterDelta(before: MeterSnapshot, after: MeterSnapshot): MeterSnapshot {
  const delta = (a: RoleCounters, b: RoleCounters): RoleCounters => {
    const commands: Record<string, number> = {};
    for (const [name, count] of Object.entries(b.commands)) {
      const difference = count - (a.commands[name] ?? 0);
      if (difference !== 0) commands[name] = difference;
    }
    return { commands, writes: b.writes - a.writes, bytesOut: b.bytesOut - a.bytesOut, bytesIn: b.bytesIn - a.bytesIn };
  };
  return { command: delta(before.command, after.command), worker: delta(before.worker, after.worker) };
}
