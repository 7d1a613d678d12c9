import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { StandInInteraction, StandInMember } from '../discord-stand-in/index.js';
import { nextSnowflake } from '../discord-stand-in/snowflake.js';
import { distinctQuestion, finalReply, KEY_PREFIX, startFaultWorld, type FaultWorld } from './support/fault-world.js';

// A fuzzer sends thousands of malformed and hostile interactions to the real bot process. It must
// never crash or leave an unhandled rejection; every interaction gets a clear ephemeral answer (or
// a correct result) in time; nothing pings anyone; and no guild reaches another guild's data.

const FUZZ_CASES = 2_000;

let world: FaultWorld;
let host: StandInMember;
let member: StandInMember;
let otherGuildId: string;

interface RawOption {
  name: string;
  type: number;
  value?: unknown;
  options?: RawOption[];
}
interface RawInteraction {
  id: string;
  token: string;
  type: number;
  data: { options?: RawOption[]; custom_id?: string; [key: string]: unknown };
  [key: string]: unknown;
}

beforeAll(async () => {
  world = await startFaultWorld('hostile-input');
  await world.startBot();
  host = world.addMember('host');
  member = world.addMember('member');
  await world.run(world.moderator, 'ama', { host: host.id, title: 'Fuzzed', duration: '2h', cooldown: 0, max_pending: 50, anonymous: true }, 'schedule');

  // Another server with its own open session and questions: the fuzzer aims at them.
  const other = world.discord.createGuild({ name: 'Other server' });
  otherGuildId = other.id;
  const otherChannel = world.discord.createTextChannel(other.id, { name: 'ama' }).id;
  const otherMod = world.discord.createMember(other.id, { username: 'othermod', permissions: PermissionFlagsBits.ManageEvents });
  const otherHost = world.discord.createMember(other.id, { username: 'otherhost' });
  const { REST } = await import('discord.js');
  const { deployCommands } = await import('../../bot/deploy-commands.js');
  await deployCommands(new REST({ api: world.discord.apiUrl }).setToken(world.discord.token), other.id);
  const inOther = (who: StandInMember, command: string, options: Record<string, string | number | boolean>, subcommand?: string) =>
    world.discord.runSlashCommand({ guildId: other.id, channelId: otherChannel, userId: who.id, command, subcommand, options }).then(finalReply);
  expect(await inOther(otherMod, 'ama', { host: otherHost.id, title: 'Private', duration: '2h' }, 'schedule')).toContain('open now');
  expect(await inOther(otherMod, 'ask', { question: 'A question in the other server?' })).toContain('**Q1**');
});

afterAll(async () => {
  await world?.stop();
});

const ZERO_WIDTH = '\u200B\u200C\u200D\u2060\uFEFF';
const RTL = '\u202E\u202B\u200F';
const HOSTILE_STRINGS = [
  '@everyone look at this question please',
  '@here <@&123456789012345678> <@!1> ping everyone now',
  '<script>alert(1)</script> is this safe to ask?',
  '<img src=x onerror=alert(1)> what about images?',
  '[click me](javascript:alert(1)) a link question?',
  '**bold** __underline__ ||spoiler|| ```code``` ~~strike~~',
  `${ZERO_WIDTH.repeat(20)}`,
  `${RTL}reversed text question goes here?`,
  'x'.repeat(100_000),
  '',
  ' \n\t ',
  '\u0000\u0001\u0007 control characters in a question?',
  '🙂'.repeat(600),
];

function pick<T>(items: readonly T[], seed: number): T {
  return items[seed % items.length]!;
}

/** Rewrites every option value in a random hostile way. */
function mutateOptions(options: RawOption[] | undefined, seed: number): RawOption[] | undefined {
  if (!options) return options;
  const mutated = options
    .filter((_, index) => (seed + index) % 7 !== 0) // sometimes a (required) option goes missing
    .map((option, index): RawOption => {
      if (option.options) return { ...option, options: mutateOptions(option.options, seed + index) };
      switch ((seed + index) % 6) {
        case 0:
          return { ...option, value: pick(HOSTILE_STRINGS, seed + index) };
        case 1:
          return { ...option, value: 987654321 }; // a number where a string belongs, or a foreign session id
        case 2:
          return { ...option, type: 3, value: String(option.value ?? '') + pick(HOSTILE_STRINGS, seed) };
        case 3:
          return { ...option, value: true };
        case 4:
          return { ...option, value: 1 }; // session 1 / question 1: exists in both guilds
        default:
          return option;
      }
    });
  if (seed % 11 === 0) mutated.push({ name: 'unexpected', type: 3, value: 'surprise' });
  return mutated;
}

const FORGED_CUSTOM_IDS = [
  'vote:1:1',
  'vote:2:1',
  'vote:1:999999',
  'withdraw:1:1',
  'review-approve:1:1',
  'edit-answer:1:1',
  'queue-page:1:99999',
  'next-answer:1:1',
  'fold:1:1',
  'vote:0:0',
  'vote:-1:1',
  'admin:1:1',
  '../../etc/passwd',
  'vote:1:1:extra',
  '',
  'x'.repeat(200),
];

describe('hostile input', () => {
  it(`answers ${FUZZ_CASES} malformed and hostile interactions without crashing or crossing guilds`, async () => {
    // Genuine interactions to mutate: each command, and a button press.
    const genuine: StandInInteraction[] = [
      await world.dispatch(member, 'ask', { question: distinctQuestion(1), session: 1 }),
      await world.dispatch(member, 'profile', { title: 'Tester' }),
      await world.dispatch(host, 'answer', { question: 1, answer: 'An answer.' }),
      await world.dispatch(world.moderator, 'queue', {}),
      await world.dispatch(world.moderator, 'ama', { host: host.id, title: 'Schedule me' }, 'schedule'),
      await world.dispatch(world.moderator, 'ama', { session: 1 }, 'cancel'),
      await world.dispatch(host, 'next', {}),
    ];
    await Promise.all(genuine.map((interaction) => finalReply(interaction)));
    const posted = await world.discord.waitFor(() => world.discord.channelMessages(world.channelId).find((m) => m.content.startsWith('**Q')), {
      description: 'a question message',
    });
    const button = await world.discord.pressButton({ guildId: world.guild.id, channelId: world.channelId, userId: member.id, messageId: posted.id, customId: 'vote:1:1' });
    await finalReply(button);
    genuine.push(button);

    const fuzzed: StandInInteraction[] = [];
    for (let seed = 0; seed < FUZZ_CASES; seed++) {
      const base = structuredClone(pick(genuine, seed).payload) as RawInteraction;
      base.id = nextSnowflake();
      base.token = `fuzz-${randomBytes(12).toString('hex')}`;
      if (base.data.custom_id !== undefined) base.data.custom_id = pick(FORGED_CUSTOM_IDS, seed * 31 + 7);
      else base.data.options = mutateOptions(base.data.options, seed);
      const handle = world.discord.dispatchInteraction(base);
      if (handle) fuzzed.push(handle);
      if (seed % 25 === 24) await new Promise((resolve) => setTimeout(resolve, 100)); // about 250/s: a very busy AMA, sixty times Reddit's record
    }

    let answered = 0;
    let refusedClearly = 0;
    for (const interaction of fuzzed) {
      const response = await interaction.response({ timeoutMs: 6_000 });
      expect(response.latencyMs).toBeLessThan(3_000);
      answered += 1;
      const shown = interaction.visible().filter((event) => event.content !== undefined);
      for (const event of shown) {
        expect(event.content!.length).toBeLessThanOrEqual(2_000);
        expect(event.content).not.toMatch(/Something went wrong/);
      }
      if (shown.some((event) => event.ephemeral)) refusedClearly += 1;
    }
    expect(answered).toBe(fuzzed.length);

    // Nothing anyone saw pinged everyone or a role.
    const everything = [world.channelId, ...world.discord.threadsOf(world.channelId).map((t) => t.id)].flatMap((id) => world.discord.channelMessages(id));
    for (const message of everything) {
      expect(message.pinged.everyone).toBe(false);
      expect(message.pinged.roles).toEqual([]);
    }

    // The other server's session and question are untouched.
    const otherSession = `${KEY_PREFIX}:{${otherGuildId}}:s:1`;
    expect(await world.redis.hmget(otherSession, 'status', 'questionCount', 'answeredCount')).toEqual(['open', '1', '0']);
    expect(await world.redis.hget(`${otherSession}:q:1`, 'votes')).toBe('0');
    expect(await world.redis.keys(`${KEY_PREFIX}:{${otherGuildId}}:s:1:q:1:*`)).toEqual([]);

    expect(world.bot.running).toBe(true);
    expect(world.bot.crashes).toEqual([]);
    console.log(`[faults] fuzz: ${fuzzed.length} hostile interactions, all answered within 3 s (${refusedClearly} with an ephemeral refusal), 0 crashes, 0 pings, other guild untouched`);
  });

  it('holds every permission on the server when an admin opens all commands to everyone', async () => {
    const before = await world.redis.hgetall(`${KEY_PREFIX}:{${world.guild.id}}:s:1`);
    const asMember = (command: string, options: Record<string, string | number | boolean>, subcommand?: string, subcommandGroup?: string) =>
      world.discord
        .runSlashCommand({ guildId: world.guild.id, channelId: world.channelId, userId: member.id, command, subcommand, subcommandGroup, options, bypassCommandPermissions: true })
        .then(finalReply);
    expect(await asMember('ama', { host: member.id, title: 'Mine now' }, 'schedule')).toMatch(/Only moderators/);
    expect(await asMember('ama', { session: 1 }, 'end')).toMatch(/Only moderators/);
    expect(await asMember('ama', { session: 1 }, 'cancel')).toMatch(/Only moderators/);
    expect(await asMember('ama', { question: 1, session: 1 }, 'hide')).toMatch(/Only moderators/);
    expect(await asMember('ama', { user: host.id, session: 1 }, 'ban')).toMatch(/Only moderators/);
    expect(await asMember('ama', { user: member.id, session: 1 }, 'add', 'cohost')).toMatch(/Only moderators/);
    expect(await asMember('answer', { question: 1, answer: 'Not the host' })).toMatch(/Only the hosts/);
    expect(await asMember('queue', {})).toMatch(/Only the host/);
    expect(await asMember('next', {})).toMatch(/Only the hosts/);
    const after = await world.redis.hgetall(`${KEY_PREFIX}:{${world.guild.id}}:s:1`);
    expect({ ...after, questionCount: undefined, answeredCount: undefined }).toEqual({ ...before, questionCount: undefined, answeredCount: undefined });
  });
});
