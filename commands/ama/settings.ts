import { UserError } from '../../bot/errors.js';
import { canModerate } from '../../bot/permissions.js';
import { formatUtcOffset, offsetMinutesAt, UTC } from '../../bot/time-zones.js';
import type { CommandContext } from '../command.js';
import { callerOf } from '../guild-context.js';
import { pickTimeZone } from './time-zone-choices.js';

/** `/ama settings [timezone]`: sets the server's zone for typed times, or shows the settings. */
export async function guildSettings(ctx: CommandContext): Promise<void> {
  const caller = callerOf(ctx.interaction);
  if (!canModerate(caller.permissions)) throw new UserError('Only moderators (Manage Events) can change Parley’s settings.');
  const { settings, now } = ctx.services;
  const typed = ctx.interaction.options.getString('timezone');
  const zoneNow = (zone: string) => `**${zone}** (${formatUtcOffset(offsetMinutesAt(zone, now()))} now)`;
  if (typed === null) {
    const current = (await settings.get(caller.guildId)).timeZone;
    await ctx.respond({
      content: current
        ? `Times typed without a zone are read in ${zoneNow(current)}. Change it with \`/ama settings timezone:\`.`
        : `Times typed without a zone are read in ${zoneNow(UTC)} (not set). Set the server's zone with \`/ama settings timezone:\`.`,
    });
    return;
  }
  const zone = pickTimeZone(typed, null);
  await settings.setTimeZone(caller.guildId, zone);
  ctx.log.info({ timeZone: zone }, 'server time zone set');
  await ctx.respond({
    content: `Times typed without a zone are now read in ${zoneNow(zone)}, unless \`/ama schedule\` names another. AMAs already scheduled keep their times.`,
  });
}
