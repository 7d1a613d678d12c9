// The custom ids on Parley's buttons and modals: "<action>:<session>:<number>". They carry ids
// only, never state, and never a guild: the guild always comes from the interaction itself, so
// a forged id can at most name a session of the presser's own server, and every handler checks
// the presser's rights again.

export const COMPONENT_ACTIONS = [
  'vote', // ▲ on a question
  'fold', // "upvote it instead" on a duplicate refusal
  'withdraw', // the asker takes back an unanswered question
  'queue-page', // /queue paging; number = page
  'next-answer', // /next: answer this one (opens the modal)
  'next-skip', // /next: show the next one
  'answer-modal', // the /next answer modal
  'edit-answer', // Edit button in the answer thread (opens the modal)
  'edit-answer-modal',
  'review-approve',
  'review-reject', // opens the reason modal
  'review-reject-modal',
  'review-edit', // opens the edit-then-approve modal
  'review-edit-modal',
] as const;

export type ComponentAction = (typeof COMPONENT_ACTIONS)[number];

export interface ComponentRef {
  action: ComponentAction;
  sessionId: number;
  number: number;
}

const ACTIONS = new Set<string>(COMPONENT_ACTIONS);
const PATTERN = /^([a-z-]{1,24}):(\d{1,9}):(\d{1,9})$/;

export function encodeCustomId(action: ComponentAction, sessionId: number, number: number): string {
  return `${action}:${sessionId}:${number}`;
}

/** Null for anything Parley did not make (or made in a version that is gone). */
export function decodeCustomId(customId: string): ComponentRef | null {
  const match = PATTERN.exec(customId);
  if (!match || !ACTIONS.has(match[1]!)) return null;
  const sessionId = Number(match[2]);
  const number = Number(match[3]);
  if (sessionId < 1) return null;
  return { action: match[1] as ComponentAction, sessionId, number };
}
