/**
 * Discord's permission algorithm (guild base permissions, then channel overwrites), used to
 * decide what a member may see/run (slash-command visibility via `default_member_permissions`),
 * to fill `member.permissions` / `app_permissions` in interactions, and to refuse bot actions
 * with 50013 like Discord does.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIChannel, APIOverwrite, APIRole } from 'discord-api-types/v10';

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((acc, bit) => acc | bit, 0n);

/** What a fresh server gives @everyone (a reasonable subset of Discord's defaults). */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.RequestToSpeak;

/** What the stand-in's bot role gets unless told otherwise: what an AMA bot would be invited with. */
export const DEFAULT_BOT_PERMISSIONS: bigint =
  DEFAULT_EVERYONE_PERMISSIONS |
  PermissionFlagsBits.ManageEvents |
  PermissionFlagsBits.CreateEvents |
  PermissionFlagsBits.ManageThreads |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.PinMessages;

export type PermissionInput = bigint | string | number;

export function toBits(p: PermissionInput | undefined): bigint {
  if (p === undefined) return 0n;
  return typeof p === 'bigint' ? p : BigInt(p);
}

export function has(perms: bigint, bits: bigint): boolean {
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return true;
  return (perms & bits) === bits;
}

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  userId: string;
  roleIds: readonly string[];
  roles: ReadonlyMap<string, APIRole>;
}

export function basePermissions(s: PermissionSubject): bigint {
  if (s.userId === s.ownerId) return ALL_PERMISSIONS;
  let perms = toBits(s.roles.get(s.guildId)?.permissions);
  for (const roleId of s.roleIds) perms |= toBits(s.roles.get(roleId)?.permissions);
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  return perms;
}

/**
 * Channel permissions: base, then @everyone overwrite, then role overwrites (deny then allow
 * combined), then the member overwrite. Threads use their parent's overwrites (pass the parent).
 */
export function channelPermissions(s: PermissionSubject, channel: APIChannel | undefined): bigint {
  const base = basePermissions(s);
  if ((base & PermissionFlagsBits.Administrator) !== 0n || base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  const overwrites: APIOverwrite[] = (channel && 'permission_overwrites' in channel ? channel.permission_overwrites : undefined) ?? [];
  if (overwrites.length === 0) return base;
  let perms = base;
  const everyone = overwrites.find((o) => o.id === s.guildId);
  if (everyone) perms = (perms & ~toBits(everyone.deny)) | toBits(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && s.roleIds.includes(o.id)) {
      allow |= toBits(o.allow);
      deny |= toBits(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  const member = overwrites.find((o) => o.type === 1 && o.id === s.userId);
  if (member) perms = (perms & ~toBits(member.deny)) | toBits(member.allow);
  return perms;
}
