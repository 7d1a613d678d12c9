// The answer, posted in the question's thread: one or more messages, the first under the
// answering host's name and pinging the asker, the rest plain continuations.

import type { Question, Session } from '../../storage/model.js';
import { buttonRow } from './components.js';
import { messagePinging, silentMessage, type MessageBody } from './message-body.js';
import { renderAnswerer } from './person.js';
import { defuseMassMentions } from './safe-text.js';
import { DISCORD_MESSAGE_LIMIT, splitMessage } from './split.js';

/** @throws Error when the question has no answer yet: there is nothing to post. */
export function renderAnswerMessages(session: Session, question: Question): MessageBody[] {
  const { answer } = question;
  if (!answer) throw new Error(`Q${question.number} has no answer to render`);

  // An anonymous asker is not mentioned: the mention would name them.
  const answerer = renderAnswerer(session.host, answer.host, session.cohosts);
  const header = question.anonymous ? `${answerer} answered:` : `<@${question.asker.id}> ${answerer} answered your question:`;
  const headerRoom = header.length + 2;
  const parts = splitMessage(defuseMassMentions(answer.text), DISCORD_MESSAGE_LIMIT, {
    firstLimit: DISCORD_MESSAGE_LIMIT - headerRoom,
  });
  const [first = '', ...rest] = parts;

  const firstContent = first ? `${header}\n\n${first}` : header;
  const opening = question.anonymous ? silentMessage(firstContent) : messagePinging(question.asker.id, firstContent);
  // Hosts edit the answer from here; the button is shown to all, the handler checks it is a host.
  opening.components = [buttonRow({ action: 'edit-answer', sessionId: session.id, number: question.number, label: 'Edit answer' })];
  return [opening, ...rest.map((part) => silentMessage(part))];
}
