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
 * The answering host, noting whose AMA it is when someone else (a co-host or moderator)
 * answered, so readers know the words are not the advertised host's.
 */
export function renderAnswerer(sessionHost: Person, answerer: Person): string {
  const onBehalf = answerer.id === sessionHost.id ? '' : ` (for ${renderName(sessionHost)})`;
  return renderPerson(answerer) + onBehalf;
}
