// /next: the host's top-ranked question with Answer and Skip buttons.

import { ButtonStyle } from 'discord-api-types/v10';
import type { Question, Session } from '../../storage/model.js';
import { buttonRow } from './components.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { renderAsker } from './person.js';
import { defuseMassMentions } from './safe-text.js';

export function renderNextQuestion(session: Session, question: Question | null, waiting: number, skippedAll: boolean): MessageBody {
  if (!question) {
    const note = skippedAll ? 'You have skipped every waiting question; run /next again to start over.' : 'No questions are waiting right now.';
    return { ...silentMessage(note), components: [] };
  }
  const header = `**Q${question.number}** · ▲ ${question.votes} · ${renderAsker(question.asker, question.anonymous)}`;
  const footer = `*${waiting} waiting in all.*`;
  const text = defuseMassMentions(question.text).slice(0, 2000 - header.length - footer.length - 20);
  const quoted = text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const ref = { sessionId: session.id, number: question.number };
  return {
    ...silentMessage(`${header}\n${quoted}\n${footer}`),
    components: [
      buttonRow(
        { ...ref, action: 'next-answer', label: 'Answer', style: ButtonStyle.Primary },
        { ...ref, action: 'next-skip', label: 'Skip' },
      ),
    ],
  };
}
