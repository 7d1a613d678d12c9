import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Person, Session } from '../storage/model.js';

// Who may do what, decided from plain data so it is tested without Discord. Commands also carry
// default_member_permissions, but a server admin can open any command to everyone in the server
// settings, so these checks are the ones that hold.

/** Moderators run AMAs: Manage Events (what the /ama command asks for by default) or Administrator. */
export function canModerate(memberPermissions: bigint | null): boolean {
  if (memberPermissions === null) return false;
  return (
    (memberPermissions & PermissionFlagsBits.Administrator) !== 0n ||
    (memberPermissions & PermissionFlagsBits.ManageEvents) !== 0n
  );
}

/** The host or co-host this user is in the session, or null. */
export function hostOf(session: Session, userId: string): Person | null {
  return [session.host, ...session.cohosts].find((host) => host.id === userId) ?? null;
}

export function isHost(session: Session, userId: string): boolean {
  return hostOf(session, userId) !== null;
}

/** The host's queue is for the hosts and for moderators. */
export function canSeeQueue(session: Session, userId: string, memberPermissions: bigint | null): boolean {
  return isHost(session, userId) || canModerate(memberPermissions);
}
