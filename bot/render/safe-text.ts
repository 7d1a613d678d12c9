// Making member-typed text safe to drop into a Discord message.
//
// allowed_mentions already stops every ping; these only change how text *looks*, so that a
// question cannot show a live-looking @everyone or role pill, and a name cannot restyle the
// message around it or pose as a mention.

import { escapeMarkdown } from 'discord.js';
import { ZERO_WIDTH_SPACE, collapseWhitespace, truncateAtWord } from '../../archive/text.js';

const ESCAPE_ALL_MARKDOWN = {
  bold: true,
  italic: true,
  underline: true,
  strikethrough: true,
  spoiler: true,
  codeBlock: true,
  codeBlockContent: true,
  inlineCode: true,
  inlineCodeContent: true,
  escape: true,
  heading: true,
  bulletedList: true,
  numberedList: true,
  maskedLink: true,
} as const;

/**
 * Question and answer text keeps its Markdown. Only @everyone, @here and role mentions are
 * broken up with a zero-width space so they render as plain text; user mentions stay as
 * written (they still ping nobody).
 */
export function defuseMassMentions(text: string): string {
  return text
    .replace(/@(everyone|here)\b/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<@&(\d)/g, `<@&${ZERO_WIDTH_SPACE}$1`);
}

/**
 * A name, title line or preview shown inline: one line, capped in length, every Markdown
 * marker escaped, and no mention syntax of any kind left intact (users, roles, channels,
 * slash commands, @everyone and @here).
 */
export function escapeInlineText(text: string, maxLength: number): string {
  const shortened = truncateAtWord(collapseWhitespace(text), maxLength);
  return escapeMarkdown(shortened, ESCAPE_ALL_MARKDOWN)
    .replace(/<([@#/])/g, `<${ZERO_WIDTH_SPACE}$1`)
    .replace(/@(everyone|here)\b/gi, `@${ZERO_WIDTH_SPACE}$1`);
}
