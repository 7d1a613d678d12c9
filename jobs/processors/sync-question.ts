import type { Logger } from 'pino';
import { renderAnswerMessages } from '../../bot/render/answer.js';
import { renderQuestionMessage, renderThreadName } from '../../bot/render/question.js';
import type { Question, Session } from '../../storage/model.js';
import type { QuestionStore } from '../../storage/question-store.js';
import type { SessionStore } from '../../storage/session-store.js';
import type { DiscordMessages } from '../discord-rest.js';
import { messageNonce } from '../nonce.js';
import type { QuestionRef } from '../payloads.js';

export interface SyncQuestionDeps {
  sessions: SessionStore;
  questions: QuestionStore;
  discord: DiscordMessages;
  log: Logger;
}

/**
 * Brings a question's Discord presence in line with Redis, doing only what is missing:
 * post the question → (once answered) start its thread → post each answer part → mark the
 * question message answered. Each step records its result before the next, and each Discord
 * call is idempotent (nonces, thread id = message id), so a retry or a concurrent run of this
 * job resumes where the last one stopped and never posts twice.
 */
export async function syncQuestionJob(ref: QuestionRef, deps: SyncQuestionDeps): Promise<string> {
  const [session, question] = await Promise.all([
    deps.sessions.get(ref.guildId, ref.sessionId),
    deps.questions.get(ref.guildId, ref.sessionId, ref.number),
  ]);
  if (!session || !question) return 'missing';

  const messageId = question.messageId ?? (await postQuestion(session, question, deps));
  if (question.status !== 'answered' || !question.answer) {
    await deps.questions.markSynced(session.guildId, session.id, question.number, 'pending');
    return 'posted';
  }

  const threadId = question.threadId ?? (await startThread(session, question, messageId, deps));
  const parts = renderAnswerMessages(session, question);
  for (let index = question.answerMessageIds.length; index < parts.length; index++) {
    const partId = await deps.discord.createMessage(
      threadId,
      parts[index]!,
      messageNonce('answer', session.guildId, session.id, session.createdAt, question.number, index),
    );
    await deps.questions.recordAnswerPart(session.guildId, session.id, question.number, index, partId);
  }

  if (!question.markedAnswered) {
    await deps.discord.editMessage(session.channelId, messageId, renderQuestionMessage(session, { ...question, threadId }));
    await deps.questions.recordMarkedAnswered(session.guildId, session.id, question.number);
  }
  await deps.questions.markSynced(session.guildId, session.id, question.number, 'answered');
  return 'answered';
}

async function postQuestion(session: Session, question: Question, deps: SyncQuestionDeps): Promise<string> {
  const messageId = await deps.discord.createMessage(
    session.channelId,
    renderQuestionMessage(session, { ...question, status: 'pending', answer: null }),
    messageNonce('question', session.guildId, session.id, session.createdAt, question.number),
  );
  await deps.questions.recordQuestionMessage(session.guildId, session.id, question.number, messageId);
  deps.log.debug({ messageId, number: question.number }, 'question posted');
  return messageId;
}

async function startThread(session: Session, question: Question, messageId: string, deps: SyncQuestionDeps): Promise<string> {
  const threadId = await deps.discord.startThread(session.channelId, messageId, renderThreadName(question));
  await deps.questions.recordThread(session.guildId, session.id, question.number, threadId);
  return threadId;
}
