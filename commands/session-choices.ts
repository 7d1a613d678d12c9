import type { SessionStatus } from '../storage/model.js';
import type { SessionStore } from '../storage/session-store.js';
import type { Choice } from './command.js';

const CHOICE_NAME_MAX = 100;

/**
 * Autocomplete for a `session` option: the guild's sessions in the given states, matched on
 * number or title. Discord shows choice names as plain text, so the name drops markdown and
 * timestamps and keeps "#3 · AMA with X — title (open)".
 */
export async function sessionChoices(
  sessions: SessionStore,
  guildId: string,
  typed: string,
  statuses: readonly SessionStatus[],
): Promise<Choice[]> {
  const needle = typed.trim().replace(/^#/, '').toLowerCase();
  const matches = (await sessions.list(guildId, 100)).filter(
    (session) =>
      statuses.includes(session.status) &&
      (needle === '' || String(session.id).startsWith(needle) || session.title.toLowerCase().includes(needle)),
  );
  return matches.slice(0, 25).map((session) => ({
    name: choiceName(`#${session.id} · ${session.host.name}: ${session.title} (${session.status})`),
    value: session.id,
  }));
}

/** Discord shows choice names as plain text of at most 100 characters. */
export function choiceName(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > CHOICE_NAME_MAX ? `${flat.slice(0, CHOICE_NAME_MAX - 1)}…` : flat;
}

