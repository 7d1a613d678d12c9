import type { Session } from '../../storage/model.js';
import { amaHeading } from '../../archive/text.js';
import { escapeInlineText } from './safe-text.js';

const HOST_NAME_MAX = 80;
const TITLE_MAX = 200;

/** "AMA with Salil Shetty — Human rights today", safe to put inside any Discord message. */
export function renderSessionHeading(session: Pick<Session, 'host' | 'title'>): string {
  return amaHeading(escapeInlineText(session.host.name, HOST_NAME_MAX), escapeInlineText(session.title, TITLE_MAX));
}
