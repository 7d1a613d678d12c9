// The post that publishes an AMA's archive. The caller attaches the files (renderArchiveFiles).

import type { Session } from '../../storage/model.js';
import type { ArchiveDocument } from '../../archive/schema.js';
import { HIDDEN_NOTE, countQuestions } from '../../archive/text.js';
import { renderSessionHeading } from './heading.js';
import { silentMessage, type MessageBody } from './message-body.js';
import { escapeInlineText } from './safe-text.js';
import { fullDateTime } from './timestamps.js';

const HOST_TITLE_MAX = 150;

export interface ArchiveMessageOptions {
  /** Where the HTML archive is hosted, if anywhere; must be http(s). */
  archiveUrl?: string;
}

export function renderArchiveMessage(
  session: Session,
  doc: ArchiveDocument,
  options: ArchiveMessageOptions = {},
): MessageBody {
  const lines = [`## ${renderSessionHeading(session)}`];
  if (session.host.title) lines.push(`*${escapeInlineText(session.host.title, HOST_TITLE_MAX)}*`);
  lines.push(
    `This AMA took place between ${fullDateTime(Date.parse(doc.session.startedAt))} and ${fullDateTime(Date.parse(doc.session.endedAt))}. ${HIDDEN_NOTE}`,
    `**${countQuestions(doc.questions.length)}** · asked in <#${session.channelId}>`,
  );
  if (options.archiveUrl) lines.push(`Read it online: <${checkedUrl(options.archiveUrl)}>`);
  return silentMessage(lines.join('\n'));
}

function checkedUrl(url: string): string {
  if (!/^https?:\/\/[^\s<>]+$/i.test(url)) throw new Error(`archiveUrl must be an http(s) URL, got ${JSON.stringify(url)}`);
  return url;
}
