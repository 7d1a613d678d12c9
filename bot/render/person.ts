// How a person appears in Discord messages: bold name, then their title line in italics.

import type { Person } from '../../storage/model.js';
import { escapeInlineText } from './safe-text.js';

// Generous caps (Discord display names stop at 32) that keep any header small enough that
// the text under it always has most of the 2000 characters.
const NAME_MAX = 80;
const TITLE_MAX = 150;

type NamedPerson = Pick<Person, 'name' | 'title'>;

/** "**Salil Shetty**" */
export function renderName(person: NamedPerson): string {
  const name = escapeInlineText(person.name, NAME_MAX);
  return `**${name || 'Unknown member'}**`;
}

/** "**Salil Shetty** · *Secretary General @ Amnesty International*", or just the name. */
export function renderPerson(person: NamedPerson): string {
  const title = person.title ? escapeInlineText(person.title, TITLE_MAX) : '';
  return title ? `${renderName(person)} · *${title}*` : renderName(person);
}

/**
 * The answering host. Co-hosts are hosts in their own right; anyone else answering (a host
 * removed since) is noted as answering for the session's host, so readers know whose AMA it is.
 */
export function renderAnswerer(sessionHost: Person, answerer: Person, cohosts: readonly Person[] = []): string {
  const isHost = answerer.id === sessionHost.id || cohosts.some((cohost) => cohost.id === answerer.id);
  return renderPerson(answerer) + (isHost ? '' : ` (for ${renderName(sessionHost)})`);
}

/** The asker as the public sees them: anonymous questions show no name and no title line. */
export function renderAsker(asker: Person, anonymous: boolean): string {
  return anonymous ? '**Anonymous**' : renderPerson(asker);
}
