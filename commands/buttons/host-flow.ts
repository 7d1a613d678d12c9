import { UserError } from '../../bot/errors.js';
import { canModerate, canSeeQueue, isHost } from '../../bot/permissions.js';
import { MODAL_FIELD, paragraphModal } from '../../bot/render/modals.js';
import type { Session } from '../../storage/model.js';
import { submitAnswer, submitAnswerEdit } from '../flows/answering.js';
import { callerOf } from '../guild-context.js';
import type { ComponentContext, ComponentHandler } from '../component.js';
import { nextCard } from '../next.js';
import { queuePage } from '../queue.js';
import { cleanText } from '../text-input.js';

// The host's buttons: /queue paging, /next's Answer and Skip, the Edit button under an answer,
// and the modals they open. Every one checks the presser is a host (or moderator) again.

/** Discord's limit on a modal's paragraph field. */
const MODAL_TEXT_MAX = 4000;

async function sessionFor(ctx: ComponentContext): Promise<Session> {
  const session = await ctx.services.sessions.get(callerOf(ctx.interaction).guildId, ctx.ref.sessionId);
  if (!session) throw new UserError('This AMA no longer exists.');
  return session;
}

async function requireHost(ctx: ComponentContext): Promise<Session> {
  const session = await sessionFor(ctx);
  if (!isHost(session, ctx.interaction.user.id)) throw new UserError('Only the hosts can do that.');
  return session;
}

export const queuePageButton: ComponentHandler = async (ctx) => {
  const caller = callerOf(ctx.interaction);
  const session = await sessionFor(ctx);
  if (!canSeeQueue(session, caller.userId, caller.permissions)) throw new UserError('Only the hosts and moderators can see the queue.');
  const page = await queuePage(ctx.services, session, ctx.ref.number, canModerate(caller.permissions));
  await ctx.update({ content: page.content, components: page.components ?? [] });
};

export const nextSkip: ComponentHandler = async (ctx) => {
  const session = await requireHost(ctx);
  const caller = callerOf(ctx.interaction);
  await ctx.services.questions.skip(caller.guildId, session.id, caller.userId, ctx.ref.number);
  const card = await nextCard(ctx.services, caller, session);
  await ctx.update({ content: card.content, components: card.components ?? [] });
};

export const nextAnswer: ComponentHandler = async (ctx) => {
  const session = await requireHost(ctx);
  await ctx.showModal(
    paragraphModal({ action: 'answer-modal', sessionId: session.id, number: ctx.ref.number, title: `Answer Q${ctx.ref.number}`, label: 'Your answer', maxLength: MODAL_TEXT_MAX }),
  );
};

export const answerModalSubmit: ComponentHandler = async (ctx) => {
  const session = await requireHost(ctx);
  const caller = callerOf(ctx.interaction);
  const text = cleanText(modalText(ctx), { label: 'Your answer', max: MODAL_TEXT_MAX });
  const confirmation = await submitAnswer(ctx.services, caller, session, ctx.ref.number, text, ctx.interaction.id);
  const card = await nextCard(ctx.services, caller, session);
  // The /next card moves on to the following question, with the confirmation above it.
  await ctx.update({ content: `${confirmation}\n\n${card.content}`.slice(0, 2000), components: card.components ?? [] });
};

export const editAnswerButton: ComponentHandler = async (ctx) => {
  const session = await requireHost(ctx);
  const question = await ctx.services.questions.get(session.guildId, session.id, ctx.ref.number);
  if (!question?.answer) throw new UserError(`Q${ctx.ref.number} has no answer to edit.`);
  if (question.answer.text.length > MODAL_TEXT_MAX) {
    throw new UserError(`This answer is longer than the editor allows (${MODAL_TEXT_MAX} characters); use \`/answer question:${question.number} edit:True\`.`);
  }
  await ctx.showModal(
    paragraphModal({
      action: 'edit-answer-modal',
      sessionId: session.id,
      number: question.number,
      title: `Edit the answer to Q${question.number}`,
      label: 'Your answer',
      maxLength: MODAL_TEXT_MAX,
      value: question.answer.text,
    }),
  );
};

export const editAnswerModalSubmit: ComponentHandler = async (ctx) => {
  await requireHost(ctx);
  const text = cleanText(modalText(ctx), { label: 'Your answer', max: MODAL_TEXT_MAX });
  await ctx.respond({ content: await submitAnswerEdit(ctx.services, callerOf(ctx.interaction), ctx.ref.sessionId, ctx.ref.number, text) });
};

export function modalText(ctx: ComponentContext): string {
  if (!ctx.interaction.isModalSubmit()) throw new UserError('That needs the form.');
  return ctx.interaction.fields.getTextInputValue(MODAL_FIELD);
}
