import { UserError } from '../bot/errors.js';

// Text members type into options. Discord checks lengths for real clients, but a forged payload
// skips the client, so every limit is checked here too.

export interface TextLimits {
  /** How the field is named in an error: "Your question", "The title". */
  label: string;
  min?: number;
  max: number;
}

// Control characters other than newline and tab have no business in a question or title.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** Multi-line text (questions, answers, intros): line breaks kept, ends trimmed. */
export function cleanText(raw: string, limits: TextLimits): string {
  const text = raw.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '').trim();
  return checkLength(text, limits);
}

/** One-line text (titles): runs of whitespace, line breaks included, become one space. */
export function cleanLine(raw: string, limits: TextLimits): string {
  const text = raw.replace(CONTROL_CHARACTERS, '').replace(/\s+/g, ' ').trim();
  return checkLength(text, limits);
}

function checkLength(text: string, { label, min = 1, max }: TextLimits): string {
  // Zero-width and other invisible characters don't count towards the minimum.
  const visible = text.replace(/[\s\u200B-\u200F\u2060-\u2064\uFEFF]/g, '').length;
  if (visible === 0) throw new UserError(`${label} is empty.`);
  if (text.length < min) throw new UserError(`${label} is too short: ${text.length} characters, at least ${min} needed.`);
  if (text.length > max) throw new UserError(`${label} is too long: ${text.length} characters, at most ${max}.`);
  return text;
}
