// The archive as a Markdown transcript, laid out like the Parlio archive page: heading, host,
// intro, when it took place, then each answered question with its answer beneath.
//
// Names and title lines are plain text and fully escaped. Question, answer and intro text is
// Markdown already and is kept as written, less what could break the transcript or act in an
// HTML-rendering viewer (see markdown-body.ts); questions, typed by any member, also sit in
// block quotes, so they read as quoted whatever they contain.

import type { ArchiveDocument, ArchivedPerson } from './schema.js';
import { formatUtcDateTime, tookPlaceSentence } from './dates.js';
import { defuseMarkdownBody } from './markdown-body.js';
import { HIDDEN_NOTE, alsoAskedNote, amaHeading, collapseWhitespace, countQuestions, countVotes } from './text.js';

export function renderArchiveMarkdown(doc: ArchiveDocument): string {
  const { session } = doc;
  const blocks = [
    `# ${escapeMarkdownText(amaHeading(session.host.name, session.title))}`,
    ...[session.host, ...(session.cohosts ?? [])].map(renderPerson),
  ];
  if (session.intro?.trim()) blocks.push(defuseMarkdownBody(session.intro));
  blocks.push(
    `${tookPlaceSentence(session.startedAt, session.endedAt)} ${HIDDEN_NOTE}`,
    `**${countQuestions(doc.questions.length)}**`,
  );

  for (const question of doc.questions) {
    blocks.push(
      '---',
      // "### Q12" gets the anchor #q12 on GitHub and most other renderers.
      `### Q${question.number}`,
      [renderPerson(question.asker), countVotes(question.votes), alsoAskedNote(question.alsoAskedBy)].filter(Boolean).join(' · '),
      quote(defuseMarkdownBody(question.text)),
      renderPerson(question.answer.host),
      defuseMarkdownBody(question.answer.text),
    );
  }

  // The final newline goes in the last block rather than after the join, so the transcript is
  // one flat string, not a rope to be copied again, transcript-sized, when first read.
  blocks.push('---', `*Published ${formatUtcDateTime(doc.publishedAt)} by ${escapeMarkdownText(doc.generator)}.*\n`);
  return blocks.join('\n\n');
}

/** "**Salil Shetty** · *Secretary General @ Amnesty International*" */
function renderPerson(person: ArchivedPerson): string {
  const name = `**${escapeMarkdownText(person.name)}**`;
  return person.title?.trim() ? `${name} · *${escapeMarkdownText(person.title)}*` : name;
}

/**
 * Plain text as one line of Markdown that reads as exactly that text: every character that
 * could start emphasis, code, a link, raw HTML, a table cell or a heading's closing run is
 * backslash-escaped, and entity-like "&name;" is escaped so it is not decoded.
 */
export function escapeMarkdownText(text: string): string {
  return collapseWhitespace(text)
    .replace(/[\\`*_[\]<>|~#]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** Block-quotes every line, blank ones included, so the quote is one block. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}
