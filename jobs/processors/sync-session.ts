import type { Logger } from 'pino';
import { renderIntroMessage } from '../../bot/render/intro.js';
import type { Session } from '../../storage/model.js';
import type { SessionStore } from '../../storage/session-store.js';
import type { DiscordMessages } from '../discord-rest.js';
import { messageNonce } from '../nonce.js';
import type { SessionRef } from '../payloads.js';

export interface SyncSessionDeps {
  sessions: SessionStore;
  discord: DiscordMessages;
  now: () => number;
  log: Logger;
}

/**
 * Brings the session's intro message in line with Redis: posts it once the session is open (or
 * already over), and shows it ended once the session is closed or cancelled. Editing to the
 * ended state is repeated on every run rather than remembered, so two runs racing each other
 * both leave the message right.
 */
export async function syncSessionJob(ref: SessionRef, deps: SyncSessionDeps): Promise<string> {
  const session = await deps.sessions.get(ref.guildId, ref.sessionId);
  if (!session) return 'missing';
  if (session.status === 'scheduled') return 'not-open-yet';

  const message = renderIntroMessage(session, deps.now());
  let introMessageId = session.introMessageId;
  if (!introMessageId) {
    if (session.status === 'cancelled') return 'cancelled-before-posting';
    introMessageId = await deps.discord.createMessage(
      session.channelId,
      message,
      messageNonce('intro', session.guildId, session.id, session.createdAt),
    );
    await deps.sessions.recordIntroMessage(session.guildId, session.id, introMessageId);
    await deps.sessions.recordIntroEndsAt(session.guildId, session.id, session.endsAt);
    deps.log.info({ messageId: introMessageId }, 'intro posted');
  }
  if (session.status === 'closed' || session.status === 'cancelled') {
    await deps.discord.editMessage(session.channelId, introMessageId, message);
    return 'shown-ended';
  }
  return (await showCurrentEnd(session, introMessageId, deps)) ? 'shown-extended' : 'posted';
}

/**
 * An open session that was extended: the intro is edited to show the new end. It re-reads after
 * each edit, so a run that rendered an end already replaced by a later extension puts the later
 * one back (two extensions racing both leave the newest end showing).
 */
async function showCurrentEnd(session: Session, introMessageId: string, deps: SyncSessionDeps): Promise<boolean> {
  let shown = await deps.sessions.introEndsAt(session.guildId, session.id);
  let current: Session | null = session;
  let edited = false;
  for (let pass = 0; pass < 3 && current?.status === 'open' && shown !== current.endsAt; pass++) {
    await deps.discord.editMessage(current.channelId, introMessageId, renderIntroMessage(current, deps.now()));
    await deps.sessions.recordIntroEndsAt(current.guildId, current.id, current.endsAt);
    shown = current.endsAt;
    edited = true;
    current = await deps.sessions.get(session.guildId, session.id);
  }
  return edited;
}
