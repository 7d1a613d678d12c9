import { UserError } from '../../bot/errors.js';
import type { VoteResult } from '../../storage/question-store.js';
import { callerOf } from '../guild-context.js';
import type { ComponentHandler } from '../component.js';

// ▲ on a question, and "upvote it instead" on a duplicate refusal. The member gets an ephemeral
// confirmation at once; the count on the question's message follows in a coalesced edit.

export const vote: ComponentHandler = async ({ interaction, ref, services, respond }) => {
  const caller = callerOf(interaction);
  const result = await services.questions.vote(caller.guildId, ref.sessionId, ref.number, caller.userId, services.now(), 'toggle');
  const counted = requireCounted(result, ref.number);
  await services.scheduler.refreshVotes({ guildId: caller.guildId, sessionId: ref.sessionId, number: ref.number });
  await respond({
    content: counted.voted
      ? `You voted for **Q${ref.number}** (▲ ${counted.votes}). Press ▲ again to take your vote back.`
      : `Your vote for **Q${ref.number}** is withdrawn (▲ ${counted.votes}).`,
  });
};

export const fold: ComponentHandler = async ({ interaction, ref, services, update }) => {
  const caller = callerOf(interaction);
  const result = await services.questions.vote(caller.guildId, ref.sessionId, ref.number, caller.userId, services.now(), 'fold');
  const counted = requireCounted(result, ref.number);
  await services.scheduler.refreshVotes({ guildId: caller.guildId, sessionId: ref.sessionId, number: ref.number });
  await update({ content: `You upvoted **Q${ref.number}** (▲ ${counted.votes}) and count as having asked it too.`, components: [] });
};

function requireCounted(result: VoteResult, number: number): Required<VoteResult> {
  switch (result.outcome) {
    case 'counted':
      return result as Required<VoteResult>;
    case 'own-question':
      throw new UserError('You asked this question, so you cannot vote for it.');
    case 'closed':
      throw new UserError('Voting is closed: this AMA is not taking questions now.');
    case 'unknown-question':
    case 'not-votable':
      throw new UserError(`Q${number} cannot be voted on.`);
  }
}
