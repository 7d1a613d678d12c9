/**
 * `npm run demo`: Parley without a Discord account. Starts the local Discord stand-in and the
 * real bot against the local Redis, replays the 2015 Parlio AMA through real slash-command
 * interactions (schedule, profiles, fifteen questions, fifteen answers, end), and writes the
 * published archive to ./demo-output/ (or DEMO_OUTPUT_DIR).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { StandInMessage } from '../tests/discord-stand-in/index.js';
import { startLocalParley, type LocalParley } from '../tests/support/local-parley.js';
import { TEST_REDIS_URL, uniquePrefix } from '../tests/support/redis.js';
import { loadParlioFixture } from './parlio-fixture.js';

const HOST_NAME = 'Salil Shetty';
const TITLE = 'Human rights, the SDGs and Amnesty International';
const outputDir = resolve(process.env.DEMO_OUTPUT_DIR ?? 'demo-output');

async function main(): Promise<void> {
  await requireRedis();
  const fixture = await loadParlioFixture();
  const world = await startLocalParley({ prefix: uniquePrefix('demo'), logLevel: process.env.LOG_LEVEL ?? 'silent' });
  try {
    await replay(world, fixture);
    const archive = await world.discord.waitFor(
      () => world.discord.channelMessages(world.channelId).find((m) => m.attachments.length === 3),
      { timeoutMs: 20_000, description: 'the archive to be published' },
    );
    await mkdir(outputDir, { recursive: true });
    const written = [];
    for (const file of archive.attachments) {
      const path = join(outputDir, file.filename);
      await writeFile(path, file.bytes);
      written.push(`${path}  (${(file.bytes.length / 1024).toFixed(1)} KiB)`);
    }
    console.log(transcript(world));
    console.log(`\nArchive files:\n  ${written.join('\n  ')}`);
    const stats = world.discord.stats;
    console.log(
      `\nThe local Discord answered ${stats.requests} REST requests (${stats.openapiChecks} bodies checked against Discord's OpenAPI document, ${world.discord.violations.length} violations) and ${stats.gateway.dispatches} gateway dispatches.`,
    );
    world.discord.assertNoViolations();
  } finally {
    await world.stop();
  }
}

async function replay(world: LocalParley, fixture: Awaited<ReturnType<typeof loadParlioFixture>>): Promise<void> {
  const host = world.addMember('salil', { globalName: HOST_NAME });
  const scheduled = await world.run(
    world.moderator,
    'ama',
    { host: host.id, title: TITLE, host_title: fixture.host.title, intro: fixture.intro, duration: '6d' },
    { subcommand: 'schedule' },
  );
  step(world.moderator.user.global_name, '/ama schedule', scheduled.reply);

  const askers = fixture.questions.map((_, index) => world.addMember(`member${index + 1}`, { globalName: `Parlio member ${index + 1}` }));
  for (const [index, item] of fixture.questions.entries()) {
    const asker = askers[index]!;
    if (item.askerTitle) await world.run(asker, 'profile', { title: item.askerTitle.slice(0, 100) });
    const asked = await world.run(asker, 'ask', { question: item.question });
    step(asker.user.global_name, '/ask', asked.reply);
  }
  for (const [index, item] of fixture.questions.entries()) {
    const answered = await world.run(host, 'answer', { question: index + 1, answer: item.answer });
    step(HOST_NAME, `/answer Q${index + 1}`, answered.reply);
  }
  // Wait for every answer to reach its thread before closing, as a host would.
  await world.discord.waitFor(
    () =>
      world.discord.channelMessages(world.channelId).filter((m) => m.content.includes('✅')).length === fixture.questions.length ||
      undefined,
    { timeoutMs: 20_000, description: 'every question marked answered' },
  );
  const ended = await world.run(world.moderator, 'ama', {}, { subcommand: 'end' });
  step(world.moderator.user.global_name, '/ama end', ended.reply);
}

function step(who: string | null | undefined, command: string, reply: string): void {
  console.log(`${who ?? 'someone'} ran ${command} → (only they see) ${firstLine(reply)}`);
}

/** What the AMA channel holds now, and each answer thread, one line per message. */
function transcript(world: LocalParley): string {
  const lines = ['\n#ama now holds:'];
  for (const message of world.discord.channelMessages(world.channelId)) {
    lines.push(`  ${describe(message)}`);
    const thread = world.discord.thread(message.id);
    if (thread) {
      const parts = world.discord.channelMessages(thread.id);
      lines.push(`      └ thread "${thread.name}": ${parts.length} message${parts.length === 1 ? '' : 's'}, pinging ${parts[0]?.pinged.users.length ?? 0} user(s)`);
    }
  }
  return lines.join('\n');
}

function describe(message: StandInMessage): string {
  const files = message.attachments.length > 0 ? ` [files: ${message.attachments.map((a) => a.filename).join(', ')}]` : '';
  return `${firstLine(message.content)}${files}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 110 ? `${line.slice(0, 109)}…` : line;
}

async function requireRedis(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 1_500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    console.error(
      [
        `The demo needs Redis, and nothing answers at ${TEST_REDIS_URL}.`,
        'Start one, then run `npm run demo` again:',
        '  redis-server --daemonize yes                (Debian/Ubuntu: sudo apt-get install redis-server)',
        '  docker run -d -p 6379:6379 redis:7          (with Docker)',
        'or point REDIS_URL at a Redis you have.',
      ].join('\n'),
    );
    process.exit(1);
  } finally {
    redis.disconnect();
  }
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
