import { UserError } from '../../bot/errors.js';
import { hostOf } from '../../bot/permissions.js';
import type { Session } from '../../storage/model.js';
import type { AnswerOutcome } from '../../storage/question-store.js';
import type { Services } from '../command.js';
import type { Caller } from '../guild-context.js';

// Answering and editing answers, shared by /answer, the /next modal and the thread's Edit button.

/** Stores the answer and queues its posting; returns the confirmation for the host. */
export async function submitAnswer(
  services: Services,
  caller: Caller,
  session: Session,
  number: number,
  text: string,
  interactionId: string,
): Promise<string> {
  const host = hostOf(session, caller.userId);
  if (!host) throw new UserError('Only the hosts can answer.');
  const title = host.title ?? (await services.profiles.getTitle(caller.guildId, caller.userId));
  const outcome = await services.questions.answer({
    guildId: caller.guildId,
    sessionId: session.id,
    number,
    host: { id: host.id, name: host.name, title },
    text,
    now: services.now(),
    interactionId,
  });
  if (outcome !== 'answered' && outcome !== 'duplicate') throw new UserError(answerRefusal(outcome, number, session));
  await services.scheduler.syncQuestion({ guildId: caller.guildId, sessionId: session.id, number }, 'answered');
  return `Answered **Q${number}**. Your answer is being posted in its thread.`;
}

/** Rewrites an answer; the thread's messages follow, and a published archive is republished. */
export async function submitAnswerEdit(
  services: Services,
  caller: Caller,
  sessionId: number,
  number: number,
  text: string,
): Promise<string> {
  const now = services.now();
  const result = await services.questions.editAnswer(caller.guildId, sessionId, number, caller.userId, text, now);
  switch (result.outcome) {
    case 'missing-session':
      throw new UserError(`There is no AMA #${sessionId} in this server.`);
    case 'not-host':
      throw new UserError('Only the hosts can edit answers.');
    case 'unknown-question':
      throw new UserError(`There is no Q${number} in AMA #${sessionId}.`);
    case 'not-answered':
      throw new UserError(`Q${number} has no answer to edit yet.`);
    case 'unchanged':
      return `Q${number}'s answer already says exactly that.`;
    case 'edited':
      break;
  }
  const ref = { guildId: caller.guildId, sessionId, number };
  await services.scheduler.syncQuestion(ref, `edited-${now}`);
  if (result.sessionStatus === 'closed') {
    await services.scheduler.republishArchive({ guildId: caller.guildId, sessionId });
    return `Edited **Q${number}**'s answer. The thread and the published archive are being updated.`;
  }
  return `Edited **Q${number}**'s answer. The thread is being updated.`;
}

function answerRefusal(outcome: Exclude<AnswerOutcome, 'answered' | 'duplicate'>, number: number, session: Session): string {
  switch (outcome) {
    case 'unknown-question':
      return `There is no Q${number} in AMA #${session.id}.`;
    case 'already-answered':
      return `Q${number} has already been answered. To change the answer, use its Edit button or \`/answer edit:True\`.`;
    case 'not-answerable':
      return `Q${number} is not in the queue (it is awaiting review, hidden or withdrawn).`;
    case 'not-host':
      return 'Only the hosts can answer.';
    case 'not-open':
    case 'missing-session':
      return `AMA #${session.id} is not open any more.`;
  }
}
