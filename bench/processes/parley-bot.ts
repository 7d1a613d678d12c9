// Parley itself, in its own process, as `npm start` runs it (startParley, the real composition
// root), for the benchmarks that need a real bot: the parent holds the Discord stand-in and the
// load generator, so the two never share an event loop. Configured by the environment like the
// bot (DISCORD_TOKEN, DISCORD_API_URL, REDIS_URL, PARLEY_KEY_PREFIX); logs nothing.
//
// Answers the parent's requests: meter (Redis counters), memory, cpu, pause-workers,
// resume-workers, discord-backlog.

import { installRedisMeter, meterSnapshot, nameScript } from '../lib/redis-meter.js';
installRedisMeter();

const { startParley } = await import('../../bot/app.js');
const { loadConfig } = await import('../../bot/config.js');
const { createLogger } = await import('../../bot/logger.js');
const { RedisScript } = await import('../../storage/script.js');
const { serveParent, signalReady } = await import('../lib/child.js');

for (const module of [
  await import('../../storage/lua/ask-question.js'),
  await import('../../storage/lua/question-scripts.js'),
  await import('../../storage/lua/session-scripts.js'),
]) {
  for (const value of Object.values(module)) if (value instanceof RedisScript) nameScript(value.sha, value.name);
}

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', HTTP_PORT: '' });
const parley = await startParley({ config, log: createLogger(process.env.BENCH_BOT_LOG_LEVEL ?? 'silent') });
while (!parley.client.isReady()) await new Promise((resolve) => setTimeout(resolve, 20));

serveParent(
  {
    meter: () => meterSnapshot(),
    'pause-workers': async () => {
      await Promise.all([parley.workers.discord.pause(), parley.workers.lifecycle.pause()]);
    },
    'resume-workers': () => {
      parley.workers.discord.resume();
      parley.workers.lifecycle.resume();
    },
    caches: () => ({
      users: parley.client.users.cache.size,
      members: parley.client.guilds.cache.reduce((sum, guild) => sum + guild.members.cache.size, 0),
      channels: parley.client.channels.cache.size,
      messages: parley.client.channels.cache.reduce((sum, channel) => sum + ('messages' in channel ? channel.messages.cache.size : 0), 0),
    }),
    'discord-backlog': async () => {
      const counts = await parley.queues.discord.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
  },
  async () => {
    await parley.stop();
  },
);
signalReady({ pid: process.pid });
