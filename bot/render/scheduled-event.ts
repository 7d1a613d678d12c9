// The Guild Scheduled Event that mirrors a session, so members can press "Interested" and get
// Discord's own notifications. Discord shows these fields as plain text (the description also
// renders Markdown and channel mentions), with tight limits: name 100, description 1000,
// location 100 characters.

import type { Session } from '../../storage/model.js';
import { collapseWhitespace, truncateAtWord } from '../../archive/text.js';
import { defuseMassMentions } from './safe-text.js';

export const EVENT_NAME_MAX = 100;
export const EVENT_DESCRIPTION_MAX = 1000;

/** What Parley sets on the event; times are the sync job's business (see jobs/processors/event-plan.ts). */
export interface EventText {
  name: string;
  description: string;
  /** An external event's location: a link that opens the AMA channel. */
  location: string;
}

export function renderScheduledEvent(session: Session): EventText {
  const name = truncateAtWord(collapseWhitespace(`AMA with ${session.host.name}: ${session.title}`), EVENT_NAME_MAX);
  const footer = `Ask your questions in <#${session.channelId}> with /ask. · ${eventMarker(session)}`;
  const hostLine = session.host.title ? `Hosted by ${session.host.name} (${session.host.title}).` : `Hosted by ${session.host.name}.`;
  const head = collapseWhitespace(hostLine);
  const introBudget = EVENT_DESCRIPTION_MAX - head.length - footer.length - 4;
  const intro = session.intro ? truncateAtWord(defuseMassMentions(session.intro.trim()), introBudget) : '';
  return {
    name,
    description: [head, intro, footer].filter(Boolean).join('\n\n'),
    location: `https://discord.com/channels/${session.guildId}/${session.channelId}`,
  };
}

/**
 * Ends every description Parley writes: how a retry recognises the event an earlier attempt made
 * when Discord's answer to that attempt was lost.
 */
export function eventMarker(session: Pick<Session, 'id'>): string {
  return `AMA #${session.id}`;
}
