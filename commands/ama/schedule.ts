import type { ChannelType } from 'discord-api-types/v10';
import { UserError } from '../../bot/errors.js';
import { canModerate } from '../../bot/permissions.js';
import { fullDateTime, relativeTime } from '../../bot/render/timestamps.js';
import { parseDuration, parseStart } from '../../bot/time-input.js';
import type { CommandContext } from '../command.js';
import { callerOf, displayName } from '../guild-context.js';
import { cleanLine, cleanText } from '../text-input.js';
import { AMA_CHANNEL_TYPES } from './definition.js';

const POSTABLE = new Set<ChannelType>(AMA_CHANNEL_TYPES);

export async function scheduleSession({ interaction, services, respond, log }: CommandContext): Promise<void> {
  const caller = callerOf(interaction);
  if (!canModerate(caller.permissions)) throw new UserError('Only moderators (Manage Events) can schedule AMAs.');

  const options = interaction.options;
  const hostUser = options.getUser('host', true);
  if (hostUser.bot) throw new UserError('The host must be a person, not a bot.');
  const title = cleanLine(options.getString('title', true), { label: 'The title', max: 100 });
  const hostTitleOption = options.getString('host_title');
  const introOption = options.getString('intro');
  const now = services.now();
  const startsAt = parseStart(options.getString('start'), now);
  const endsAt = startsAt + parseDuration(options.getString('duration'));
  if (endsAt <= now) throw new UserError('That session would already be over. Pick a later start or a longer duration.');

  const channelId = pickChannel(options.getChannel('channel'), caller.parentChannelId === null ? caller.channelId : null, 'channel');
  const archiveChannelId = pickChannel(options.getChannel('archive_channel'), channelId, 'archive_channel');

  const hostTitle =
    hostTitleOption !== null
      ? cleanLine(hostTitleOption, { label: 'The host title', max: 100 })
      : await services.profiles.getTitle(caller.guildId, hostUser.id);

  const session = await services.sessions.create({
    guildId: caller.guildId,
    title,
    host: { id: hostUser.id, name: displayName(options.getMember('host'), hostUser), title: hostTitle },
    intro: introOption === null ? null : cleanText(introOption, { label: 'The intro', max: 4000 }),
    channelId,
    archiveChannelId,
    startsAt,
    endsAt,
    createdBy: caller.userId,
    createdAt: now,
  });
  const ref = { guildId: session.guildId, sessionId: session.id };

  // A start at or before now opens at once, here, so the reply can say it is open.
  const opensNow = startsAt <= now;
  if (opensNow) {
    await services.sessions.open(session.guildId, session.id, now, 'due');
    await services.scheduler.syncSession(ref, 'opened');
  }
  await services.scheduler.scheduleLifecycle({ ...session, status: opensNow ? 'open' : 'scheduled' });
  log.info({ sessionId: session.id, startsAt, endsAt }, 'session scheduled');

  const when = opensNow
    ? `It is **open now** in <#${channelId}> until ${fullDateTime(endsAt)} (${relativeTime(endsAt)}).`
    : `It opens ${fullDateTime(startsAt)} (${relativeTime(startsAt)}) in <#${channelId}> and ends ${fullDateTime(endsAt)}.`;
  await respond({
    content: `Scheduled AMA **#${session.id}** with <@${hostUser.id}>: ${title}\n${when}\nThe archive goes to <#${archiveChannelId}>.`,
  });
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
