import type { ChannelType } from 'discord-api-types/v10';
import { UserError } from '../../bot/errors.js';
import { canModerate } from '../../bot/permissions.js';
import { renderScheduleReply } from '../../bot/render/schedule-reply.js';
import { parseLength, parseReminders, parseStart } from '../../bot/time-input.js';
import type { CommandContext } from '../command.js';
import { DEFAULT_LIMITS, LIMIT_BOUNDS, MAX_HOSTS, type AskLimits, type Person } from '../../storage/model.js';
import { callerOf, displayName, membersByIds } from '../guild-context.js';
import { cleanLine, cleanText } from '../text-input.js';
import { AMA_CHANNEL_TYPES, ARCHIVE_CHANNEL_TYPES } from './definition.js';
import { canPingRole, eventProblemFor, MISSING_EVENT_PERMISSION } from './event-permission.js';
import { pickTimeZone } from './time-zone-choices.js';

const POSTABLE = new Set<ChannelType>(AMA_CHANNEL_TYPES);
const ARCHIVABLE = new Set<ChannelType>(ARCHIVE_CHANNEL_TYPES);

export async function scheduleSession(ctx: CommandContext): Promise<void> {
  const { interaction, services, respond, log } = ctx;
  const caller = callerOf(interaction);
  if (!canModerate(caller.permissions)) throw new UserError('Only moderators (Manage Events) can schedule AMAs.');

  const options = interaction.options;
  const hostUser = options.getUser('host', true);
  if (hostUser.bot) throw new UserError('The host must be a person, not a bot.');
  const title = cleanLine(options.getString('title', true), { label: 'The title', max: 100 });
  const hostTitleOption = options.getString('host_title');
  const introOption = options.getString('intro');
  const now = services.now();
  const timeZone = pickTimeZone(options.getString('timezone'), (await services.settings.get(caller.guildId)).timeZone);
  const typedStart = options.getString('start');
  const startsAt = parseStart(typedStart, { now, timeZone });
  const endsAt = startsAt + parseLength(options.getString('duration'), { startsAt, timeZone });
  if (endsAt <= now) throw new UserError('That session would already be over. Pick a later start or a longer duration.');
  const { reminderOffsets, reminderRole } = parseReminderOptions(ctx, caller.guildId);
  const appPermissions = interaction.appPermissions?.bitfield ?? null;
  const eventProblem = eventProblemFor(appPermissions);

  const channelId = pickChannel(options.getChannel('channel'), caller.parentChannelId === null ? caller.channelId : null, 'channel');
  const archiveChannel = options.getChannel('archive_channel');
  if (archiveChannel && !ARCHIVABLE.has(archiveChannel.type)) {
    throw new UserError('`archive_channel` must be a text, announcement or forum channel.');
  }
  const archiveChannelId = archiveChannel?.id ?? channelId;

  const hostTitle =
    hostTitleOption !== null
      ? cleanLine(hostTitleOption, { label: 'The host title', max: 100 })
      : await services.profiles.getTitle(caller.guildId, hostUser.id);
  const cohosts = await parseCohosts(ctx, hostUser.id);

  const moderated = options.getBoolean('moderated') ?? false;
  const reviewChannel = options.getChannel('review_channel');
  if (moderated && !reviewChannel) throw new UserError('A moderated AMA needs a `review_channel` where moderators approve questions.');
  const reviewChannelId = moderated ? pickChannel(reviewChannel, null, 'review_channel') : null;

  const session = await services.sessions.create({
    guildId: caller.guildId,
    title,
    host: { id: hostUser.id, name: displayName(options.getMember('host'), hostUser), title: hostTitle },
    cohosts,
    moderated,
    reviewChannelId,
    allowAnonymous: options.getBoolean('anonymous') ?? false,
    collectEarly: options.getBoolean('collect_early') ?? false,
    limits: parseLimits(ctx),
    intro: introOption === null ? null : cleanText(introOption, { label: 'The intro', max: 4000 }),
    channelId,
    archiveChannelId,
    startsAt,
    endsAt,
    createdBy: caller.userId,
    createdAt: now,
    timeZone,
    reminderOffsets,
    reminderRoleId: reminderRole?.id ?? null,
    eventProblem,
  });
  const ref = { guildId: session.guildId, sessionId: session.id };

  // A start at or before now opens at once, here, so the reply can say it is open.
  const opensNow = startsAt <= now;
  if (opensNow) {
    await services.sessions.open(session.guildId, session.id, now, 'due');
    await services.scheduler.syncSession(ref, 'opened');
  }
  const scheduled = { ...session, status: opensNow ? ('open' as const) : ('scheduled' as const) };
  await services.scheduler.scheduleLifecycle(scheduled);
  await services.scheduler.scheduleReminders(scheduled);
  // Opening already queued the event along with the intro; a session ahead gets its event now.
  if (!opensNow) await services.scheduler.syncEvent(ref, 'scheduled');
  log.info({ sessionId: session.id, startsAt, endsAt, timeZone, reminders: reminderOffsets, eventProblem }, 'session scheduled');

  await respond({
    content: renderScheduleReply({
      session: scheduled,
      now,
      opensNow,
      typedStart,
      eventWarning: eventProblem ? MISSING_EVENT_PERMISSION : null,
      roleWarning:
        reminderRole && !canPingRole(reminderRole, appPermissions)
          ? `⚠️ <@&${reminderRole.id}> is not mentionable and I can't mention every role, so reminders will name it without pinging.`
          : null,
    }),
  });
}

/** The reminders asked for (default 1 day and 15 minutes before) and the one role they may ping. */
function parseReminderOptions(ctx: CommandContext, guildId: string) {
  const reminderOffsets = parseReminders(ctx.interaction.options.getString('reminders'));
  const reminderRole = ctx.interaction.options.getRole('reminder_role');
  if (reminderRole && reminderRole.id === guildId) {
    throw new UserError('Reminders ping one role, never @everyone. Pick a role members join to hear about AMAs.');
  }
  if (reminderRole && reminderOffsets.length === 0) {
    throw new UserError('`reminder_role` needs reminders; leave `reminders` empty for the default (1 day and 15 minutes before).');
  }
  return { reminderOffsets, reminderRole };
}

/** Up to three co-hosts from mentions typed into `cohosts`, each with their profile's title line. */
async function parseCohosts(ctx: CommandContext, hostId: string): Promise<Person[]> {
  const raw = ctx.interaction.options.getString('cohosts');
  if (raw === null) return [];
  const ids = [...new Set([...raw.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1]!))].filter((id) => id !== hostId);
  if (ids.length === 0) throw new UserError('Name co-hosts as mentions in `cohosts`, like @Ana @Bo.');
  if (ids.length > MAX_HOSTS - 1) throw new UserError(`An AMA has at most ${MAX_HOSTS} hosts: the host and ${MAX_HOSTS - 1} co-hosts.`);
  const members = await membersByIds(ctx.interaction, ids);
  const bot = members.find((member) => member.bot);
  if (bot) throw new UserError(`<@${bot.id}> is a bot; co-hosts must be people.`);
  return Promise.all(
    members.map(async (member) => ({ id: member.id, name: member.name, title: await ctx.services.profiles.getTitle(ctx.interaction.guildId!, member.id) })),
  );
}

/** The session's asking limits: defaults, overridden where a moderator set them (within bounds). */
function parseLimits(ctx: CommandContext): AskLimits {
  const options = ctx.interaction.options;
  const limits: AskLimits = {
    minLength: options.getInteger('min_length') ?? DEFAULT_LIMITS.minLength,
    maxLength: options.getInteger('max_length') ?? DEFAULT_LIMITS.maxLength,
    maxPending: options.getInteger('max_pending') ?? DEFAULT_LIMITS.maxPending,
    cooldownSeconds: options.getInteger('cooldown') ?? DEFAULT_LIMITS.cooldownSeconds,
  };
  for (const [name, [low, high]] of Object.entries(LIMIT_BOUNDS) as [keyof AskLimits, readonly [number, number]][]) {
    if (limits[name] < low || limits[name] > high) throw new UserError(`\`${name}\` must be between ${low} and ${high}.`);
  }
  if (limits.minLength > limits.maxLength) throw new UserError('`min_length` cannot be more than `max_length`.');
  return limits;
}

/** The chosen channel if Parley can post there, else the fallback; a thread can't hold an AMA. */
function pickChannel(chosen: { id: string; type: ChannelType } | null, fallback: string | null, option: string): string {
  if (chosen) {
    if (!POSTABLE.has(chosen.type)) throw new UserError(`\`${option}\` must be a text or announcement channel.`);
    return chosen.id;
  }
  if (fallback === null) {
    throw new UserError('Run this in the AMA channel, or pick one with the `channel` option: an AMA cannot live in a thread.');
  }
  return fallback;
}
