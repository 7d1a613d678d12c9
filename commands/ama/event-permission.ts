import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { EventProblem } from '../../storage/model.js';

/**
 * Whether Parley can keep a Discord event for a session, from the permissions Discord computed
 * for the bot in this interaction (`app_permissions`): it needs Manage Events (Create Events is
 * not enough to edit and end the event later). Unknown permissions give the job the benefit of
 * the doubt; if Discord refuses, the job records it and /ama list shows it.
 */
export function eventProblemFor(appPermissions: bigint | null): EventProblem | null {
  if (appPermissions === null) return null;
  const allowed =
    (appPermissions & PermissionFlagsBits.Administrator) !== 0n || (appPermissions & PermissionFlagsBits.ManageEvents) !== 0n;
  return allowed ? null : 'missing-permission';
}

/** What the moderator is told when the session runs without a Discord event. */
export const MISSING_EVENT_PERMISSION =
  "⚠️ I couldn't create a Discord event: I need the **Manage Events** permission. The AMA works without one; give me the permission and run `/ama reschedule` or `/ama extend` to add it.";

/** Whether reminders can ping this role: a mentionable role, or the bot may mention any role. */
export function canPingRole(role: { mentionable?: boolean }, appPermissions: bigint | null): boolean {
  if (role.mentionable) return true;
  return appPermissions !== null && (appPermissions & (PermissionFlagsBits.MentionEveryone | PermissionFlagsBits.Administrator)) !== 0n;
}
