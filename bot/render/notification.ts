// The direct message a voter who opted in (/profile notify:true) gets when the question they
// voted for is answered.

import type { Question, Session } from '../../storage/model.js';
import { previewText } from '../../archive/text.js';
import { renderSessionHeading } from './heading.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { escapeInlineText } from './safe-text.js';

export function renderAnsweredNotification(session: Session, question: Question): MessageBody {
  const link = `https://discord.com/channels/${session.guildId}/${question.threadId ?? session.channelId}`;
  const preview = escapeInlineText(previewText(question.text, 120), 120);
  return silentMessage(
    `A question you voted for in ${renderSessionHeading(session)} was answered:\n> **Q${question.number}** ${preview}\nRead the answer: ${link}\n-# You get these because of /profile notify:True; turn them off with /profile notify:False.`,
  );
}

/** The DM to the asker of a question the moderators rejected, with their reason. */
export function renderRejectionNotice(session: Session, question: Question, reason: string): MessageBody {
  const preview = escapeInlineText(previewText(question.text, 120), 120);
  const why = escapeInlineText(reason, 500);
  return silentMessage(
    `Your question for ${renderSessionHeading(session)} was not accepted by the moderators:\n> ${preview}\n**Reason:** ${why}`,
  );
}
