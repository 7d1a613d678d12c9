import type { ComponentHandlers } from '../component.js';
import { answerModalSubmit, editAnswerButton, editAnswerModalSubmit, nextAnswer, nextSkip, queuePageButton } from './host-flow.js';
import { reviewApprove, reviewEdit, reviewEditSubmit, reviewReject, reviewRejectSubmit } from './review.js';
import { fold, vote } from './voting.js';
import { withdraw } from './withdraw.js';

/** Every button and modal Parley handles, by the action in its custom id. */
export const componentHandlers: ComponentHandlers = {
  vote,
  fold,
  withdraw,
  'queue-page': queuePageButton,
  'next-answer': nextAnswer,
  'next-skip': nextSkip,
  'answer-modal': answerModalSubmit,
  'edit-answer': editAnswerButton,
  'edit-answer-modal': editAnswerModalSubmit,
  'review-approve': reviewApprove,
  'review-reject': reviewReject,
  'review-reject-modal': reviewRejectSubmit,
  'review-edit': reviewEdit,
  'review-edit-modal': reviewEditSubmit,
};
