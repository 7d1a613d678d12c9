import type { Logger } from 'pino';
import { renderAnsweredNotification, renderRejectionNotice } from '../../bot/render/notification.js';
import type { ProfileStore } from '../../storage/profile-store.js';
import type { QuestionStore } from '../../storage/question-store.js';
import type { SessionStore } from '../../storage/session-store.js';
import type { DiscordMessages } from '../discord-rest.js';
import { messageNonce } from '../nonce.js';
import type { QuestionRef } from '../payloads.js';

export interface NotifyVotersDeps {
  sessions: SessionStore;
  questions: QuestionStore;
  profiles: ProfileStore;
  discord: DiscordMessages;
  log: Logger;
}

/**
 * DMs each voter who opted in that the question was answered. Each voter is marked notified
 * before the DM is sent (and unmarked if it fails), so a retried job skips whoever already got
 * it; a member with DMs closed is skipped for good.
 */
export async function notifyVotersJob(ref: QuestionRef, deps: NotifyVotersDeps): Promise<string> {
  const [session, question] = await Promise.all([
    deps.sessions.get(ref.guildId, ref.sessionId),
    deps.questions.get(ref.guildId, ref.sessionId, ref.number),
  ]);
  if (!session || !question || question.status !== 'answered') return 'nothing-to-tell';
  const voters = await deps.questions.voters(ref.guildId, ref.sessionId, ref.number);
  const optedIn = await deps.profiles.whoWantsNotifications(ref.guildId, voters);
  const body = renderAnsweredNotification(session, question);
  let sent = 0;
  for (const userId of optedIn) {
    if (!(await deps.questions.markNotified(ref.guildId, ref.sessionId, ref.number, userId))) continue;
    try {
      const nonce = messageNonce('notify', session.guildId, session.id, session.createdAt, question.number, userId);
      if (await deps.discord.sendDirectMessage(userId, body, nonce)) sent += 1;
    } catch (error) {
      await deps.questions.unmarkNotified(ref.guildId, ref.sessionId, ref.number, userId);
      throw error;
    }
  }
  deps.log.info({ voters: voters.length, optedIn: optedIn.length, sent }, 'voters notified');
  return `notified ${sent}`;
}

/** Tells the asker of a rejected question why, privately. Safe to run twice (nonce). */
export async function tellAskerJob(ref: QuestionRef, deps: NotifyVotersDeps): Promise<string> {
  const [session, question, reason] = await Promise.all([
    deps.sessions.get(ref.guildId, ref.sessionId),
    deps.questions.get(ref.guildId, ref.sessionId, ref.number),
    deps.questions.rejectReason(ref.guildId, ref.sessionId, ref.number),
  ]);
  if (!session || !question || question.status !== 'rejected' || !reason) return 'nothing-to-tell';
  const nonce = messageNonce('rejected', session.guildId, session.id, session.createdAt, question.number);
  const sent = await deps.discord.sendDirectMessage(question.asker.id, renderRejectionNotice(session, question, reason), nonce);
  return sent ? 'told' : 'dms-closed';
}
