import type { BaseInteraction } from 'discord.js';
import { UserError } from '../bot/errors.js';

/** Who is acting, and where, as plain data. */
export interface Caller {
  guildId: string;
  channelId: string;
  /** When the command runs in a thread: the channel the thread belongs to. */
  parentChannelId: string | null;
  userId: string;
  displayName: string;
  /** The member's permissions in this channel, as Discord computed them; null if unknown. */
  permissions: bigint | null;
}

export function callerOf(interaction: BaseInteraction): Caller {
  if (!interaction.inGuild() || !interaction.channelId) {
    throw new UserError('Parley works inside a server, not in direct messages.');
  }
  const channel = interaction.channel;
  return {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    parentChannelId: channel?.isThread() ? channel.parentId : null,
    userId: interaction.user.id,
    displayName: displayName(interaction.member, interaction.user),
    permissions: interaction.memberPermissions?.bitfield ?? null,
  };
}

interface NamedUser {
  username: string;
  globalName: string | null;
}

/** The name members see: server nickname, else display name, else username. */
export function displayName(member: unknown, user: NamedUser): string {
  const nick =
    member && typeof member === 'object'
      ? 'nickname' in member
        ? (member as { nickname: string | null }).nickname
        : 'nick' in member
          ? (member as { nick?: string | null }).nick
          : null
      : null;
  return nick || user.globalName || user.username;
}

/**
 * Members named by id (from mentions typed into a text option), with the name members see.
 * @throws UserError naming the first one who is not in the server.
 */
export async function membersByIds(interaction: BaseInteraction, ids: readonly string[]): Promise<{ id: string; name: string; bot: boolean }[]> {
  const guild = interaction.guild;
  if (!guild) throw new UserError('I cannot look up members here yet; try again in a moment.');
  const found = [];
  for (const id of ids) {
    const member = await guild.members.fetch({ user: id, cache: false }).catch(() => null);
    if (!member) throw new UserError(`<@${id}> is not a member of this server.`);
    found.push({ id, name: displayName(member, member.user), bot: member.user.bot });
  }
  return found;
}
