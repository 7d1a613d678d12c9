import { UserError } from '../../bot/errors.js';
import { callerOf } from '../guild-context.js';
import type { ComponentHandler } from '../component.js';

/** The asker takes back their own unanswered question (the button on their acknowledgement). */
export const withdraw: ComponentHandler = async ({ interaction, ref, services, update }) => {
  const caller = callerOf(interaction);
  const result = await services.questions.moderate(caller.guildId, ref.sessionId, ref.number, 'withdraw', caller.userId, services.now());
  if (result.outcome === 'not-asker') throw new UserError('Only the asker can withdraw a question.');
  if (result.outcome === 'wrong-state') throw new UserError(`Q${ref.number} can no longer be withdrawn (it is ${result.status}).`);
  if (result.outcome !== 'done') throw new UserError(`Q${ref.number} can no longer be withdrawn.`);
  await services.scheduler.syncQuestion({ guildId: caller.guildId, sessionId: ref.sessionId, number: ref.number }, 'withdrawn');
  await update({ content: `You withdrew **Q${ref.number}**. It is gone from the channel and the host's queue.`, components: [] });
};
