import type { Logger } from 'pino';
import { renderAnswerMessages } from '../../bot/render/answer.js';
import { renderQuestionMessage, renderThreadName } from '../../bot/render/question.js';
import { renderReviewMessage } from '../../bot/render/review.js';
import type { Question, Session } from '../../storage/model.js';
import type { QuestionStore } from '../../storage/question-store.js';
import type { SessionStore } from '../../storage/session-store.js';
import type { DiscordMessages } from '../discord-rest.js';
import { messageNonce } from '../nonce.js';
import type { QuestionRef } from '../payloads.js';
import type { JobScheduler } from '../scheduler.js';

export interface SyncQuestionDeps {
  sessions: SessionStore;
  questions: QuestionStore;
  scheduler: JobScheduler;
  discord: DiscordMessages;
  log: Logger;
}

/**
 * Brings a question's Discord presence in line with Redis, doing only what is missing. By state:
 *  review     → the review message with Approve/Edit/Reject in the review channel;
 *  pending    → review message shows "approved"; question posted; its ▲ count current;
 *  answered   → …and its thread, the answer's messages at the current version, the answered mark;
 *  rejected, withdrawn, hidden → review message shows the decision; the channel message goes
 *               (withdrawn) or says it was hidden.
 * Each step records its result before the next, and each Discord call is idempotent (nonces,
 * thread id = message id, edits), so a retry or a concurrent run resumes where the last one
 * stopped and never posts twice.
 */
export async function syncQuestionJob(ref: QuestionRef, deps: SyncQuestionDeps): Promise<string> {
  const [session, question] = await Promise.all([
    deps.sessions.get(ref.guildId, ref.sessionId),
    deps.questions.get(ref.guildId, ref.sessionId, ref.number),
  ]);
  if (!session || !question) return 'missing';

  if (session.reviewChannelId && (question.reviewMessageId || question.status === 'review')) {
    await syncReview(session, question, deps);
  }
  switch (question.status) {
    case 'review':
    case 'rejected':
      break;
    case 'withdrawn':
      if (question.messageId) await deps.discord.deleteMessage(session.channelId, question.messageId);
      break;
    case 'hidden':
      if (question.messageId) await deps.discord.editMessage(session.channelId, question.messageId, renderQuestionMessage(session, question));
      break;
    case 'pending':
      await showQuestion(session, question, await ensurePosted(session, question, deps), deps);
      break;
    case 'answered':
      await syncAnswered(session, question, deps);
      break;
  }
  await deps.questions.markSynced(session.guildId, session.id, question.number, question.status, question.answerVersion);
  return question.status;
}

async function syncAnswered(session: Session, question: Question, deps: SyncQuestionDeps): Promise<void> {
  const messageId = await ensurePosted(session, question, deps);
  const threadId = question.threadId ?? (await startThread(session, question, messageId, deps));
  const firstTime = question.answerSyncedVersion === 0;
  if (question.answerSyncedVersion < question.answerVersion) {
    await syncAnswerParts(session, question, threadId, deps);
    await deps.questions.recordAnswerSynced(session.guildId, session.id, question.number, question.answerVersion);
  }
  await showQuestion(session, { ...question, threadId }, messageId, deps);
  if (firstTime) await deps.scheduler.notifyVoters({ guildId: session.guildId, sessionId: session.id, number: question.number });
}

/**
 * The answer's messages in the thread, as the current version renders. A first answer posts
 * each part; an edit rewrites the parts in place, posts any extra and deletes any surplus.
 */
async function syncAnswerParts(session: Session, question: Question, threadId: string, deps: SyncQuestionDeps): Promise<void> {
  const parts = renderAnswerMessages(session, question);
  const posted = question.answerMessageIds;
  for (let index = 0; index < parts.length; index++) {
    const existing = posted[index];
    if (existing && question.answerSyncedVersion > 0) {
      await deps.discord.editMessage(threadId, existing, parts[index]!);
    } else if (!existing) {
      const nonce = messageNonce('answer', session.guildId, session.id, session.createdAt, question.number, question.answerVersion, index);
      const partId = await deps.discord.createMessage(threadId, parts[index]!, nonce);
      await deps.questions.recordAnswerPart(session.guildId, session.id, question.number, index, partId);
    }
  }
  for (let index = parts.length; index < posted.length; index++) {
    await deps.discord.deleteMessage(threadId, posted[index]!);
    await deps.questions.forgetAnswerPart(session.guildId, session.id, question.number, index);
  }
}

/** Edits the channel message when what it shows (votes, answered mark) is behind. */
async function showQuestion(session: Session, question: Question, messageId: string, deps: SyncQuestionDeps): Promise<void> {
  const answered = question.status === 'answered';
  const renderedVotes = await deps.questions.renderedVotes(session.guildId, session.id, question.number);
  if (renderedVotes === question.votes && (!answered || question.markedAnswered)) return;
  await deps.discord.editMessage(session.channelId, messageId, renderQuestionMessage(session, question));
  await deps.questions.recordRendered(session.guildId, session.id, question.number, { votes: question.votes, answered });
}

async function ensurePosted(session: Session, question: Question, deps: SyncQuestionDeps): Promise<string> {
  if (question.messageId) return question.messageId;
  // Posted as asked (no answer yet, no votes shown as changed): later steps bring it up to date.
  const asAsked: Question = { ...question, status: 'pending', answer: null, votes: 0 };
  const messageId = await deps.discord.createMessage(
    session.channelId,
    renderQuestionMessage(session, asAsked),
    messageNonce('question', session.guildId, session.id, session.createdAt, question.number),
  );
  await deps.questions.recordQuestionMessage(session.guildId, session.id, question.number, messageId);
  deps.log.debug({ messageId, number: question.number }, 'question posted');
  return messageId;
}

async function syncReview(session: Session, question: Question, deps: SyncQuestionDeps): Promise<void> {
  const body = renderReviewMessage(session, question);
  if (!question.reviewMessageId) {
    const nonce = messageNonce('review', session.guildId, session.id, session.createdAt, question.number);
    const reviewId = await deps.discord.createMessage(session.reviewChannelId!, body, nonce);
    await deps.questions.recordReviewMessage(session.guildId, session.id, question.number, reviewId);
  } else if (question.status !== 'review') {
    await deps.discord.editMessage(session.reviewChannelId!, question.reviewMessageId, body);
  }
}

async function startThread(session: Session, question: Question, messageId: string, deps: SyncQuestionDeps): Promise<string> {
  const threadId = await deps.discord.startThread(session.channelId, messageId, renderThreadName(question));
  await deps.questions.recordThread(session.guildId, session.id, question.number, threadId);
  return threadId;
}
