import { UserError } from '../../bot/errors.js';
import { paragraphModal } from '../../bot/render/modals.js';
import { canModerate } from '../../bot/permissions.js';
import type { ModerationAction } from '../../storage/question-store.js';
import type { QuestionEvent } from '../../jobs/scheduler.js';
import { callerOf } from '../guild-context.js';
import type { ComponentContext, ComponentHandler } from '../component.js';
import { modalText } from './host-flow.js';
import { cleanText } from '../text-input.js';
import { QUESTION_MAX, QUESTION_MIN } from '../ask.js';

// The review channel of a moderated session: Approve, Edit-then-approve, Reject (with a reason the
// asker is told privately). Two moderators pressing at once: the first decision wins, the second
// is told what happened.

const REASON_MAX = 500;

function requireModerator(ctx: ComponentContext): void {
  if (!canModerate(callerOf(ctx.interaction).permissions)) throw new UserError('Only moderators can review questions.');
}

async function decide(ctx: ComponentContext, action: ModerationAction, event: QuestionEvent, newText = ''): Promise<void> {
  const caller = callerOf(ctx.interaction);
  const result = await ctx.services.questions.moderate(caller.guildId, ctx.ref.sessionId, ctx.ref.number, action, caller.userId, ctx.services.now(), newText);
  if (result.outcome === 'wrong-state') throw new UserError(`Q${ctx.ref.number} was already decided (it is ${result.status}).`);
  if (result.outcome === 'closed') throw new UserError('This AMA is over; its questions can no longer be reviewed.');
  if (result.outcome !== 'done') throw new UserError(`Q${ctx.ref.number} cannot be reviewed.`);
  await ctx.services.scheduler.syncQuestion({ guildId: caller.guildId, sessionId: ctx.ref.sessionId, number: ctx.ref.number }, event);
}

export const reviewApprove: ComponentHandler = async (ctx) => {
  requireModerator(ctx);
  await decide(ctx, 'approve', 'approved');
  await ctx.respond({ content: `Approved **Q${ctx.ref.number}**: it is being posted and queued.` });
};

export const reviewReject: ComponentHandler = async (ctx) => {
  requireModerator(ctx);
  await ctx.showModal(
    paragraphModal({ ...ctx.ref, action: 'review-reject-modal', title: `Reject Q${ctx.ref.number}`, label: 'Reason (told to the asker privately)', maxLength: REASON_MAX }),
  );
};

export const reviewRejectSubmit: ComponentHandler = async (ctx) => {
  requireModerator(ctx);
  const reason = cleanText(modalText(ctx), { label: 'The reason', max: REASON_MAX });
  const guildId = callerOf(ctx.interaction).guildId;
  // Stored first, so the job that tells the asker reads it from the record, not from job data.
  await ctx.services.questions.recordRejectReason(guildId, ctx.ref.sessionId, ctx.ref.number, reason);
  await decide(ctx, 'reject', 'rejected');
  await ctx.services.scheduler.tellAsker({ guildId, sessionId: ctx.ref.sessionId, number: ctx.ref.number });
  await ctx.respond({ content: `Rejected **Q${ctx.ref.number}**. The asker is being told why, privately.` });
};

export const reviewEdit: ComponentHandler = async (ctx) => {
  requireModerator(ctx);
  const question = await ctx.services.questions.get(callerOf(ctx.interaction).guildId, ctx.ref.sessionId, ctx.ref.number);
  if (!question) throw new UserError(`Q${ctx.ref.number} no longer exists.`);
  await ctx.showModal(
    paragraphModal({ ...ctx.ref, action: 'review-edit-modal', title: `Edit Q${ctx.ref.number}, then approve`, label: 'The question', maxLength: QUESTION_MAX, value: question.text }),
  );
};

export const reviewEditSubmit: ComponentHandler = async (ctx) => {
  requireModerator(ctx);
  const text = cleanText(modalText(ctx), { label: 'The question', min: QUESTION_MIN, max: QUESTION_MAX });
  await decide(ctx, 'approve', 'approved', text);
  await ctx.respond({ content: `Edited and approved **Q${ctx.ref.number}**.` });
};
