// Member-typed text cannot ping, cannot pose as a mention and cannot restyle the messages
// around it, in any Discord message Parley renders.

import { describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderAnswerMessages } from '../../bot/render/answer.js';
import { renderArchiveMessage } from '../../bot/render/archive-message.js';
import { renderIntroMessage } from '../../bot/render/intro.js';
import type { MessageBody } from '../../bot/render/message-body.js';
import { renderQuestionMessage, renderThreadName } from '../../bot/render/question.js';
import { renderQueue } from '../../bot/render/queue.js';
import { defuseMassMentions, escapeInlineText } from '../../bot/render/safe-text.js';
import { renderSessionList, renderSessionSummaryLine } from '../../bot/render/session-summary.js';
import { HOSTILE, parlioSession, question } from './support/parlio.js';

const ZWSP = '\u200B';
const hostileHost = { id: '200000000000000001', name: HOSTILE.name, title: HOSTILE.title };
const hostileAsker = { id: '210000000000000077', name: HOSTILE.name, title: HOSTILE.title };
const session = parlioSession({ host: hostileHost, title: HOSTILE.name, intro: HOSTILE.text, status: 'open' });
const hostileQuestion = question({
  number: 4,
  asker: hostileAsker,
  text: HOSTILE.text,
  status: 'answered',
  answer: { text: HOSTILE.text, answeredAt: 5, host: hostileHost },
  threadId: '600',
});

function allMessages(): MessageBody[] {
  const doc = buildArchiveDocument({ ...session, status: 'closed' }, [hostileQuestion], { publishedAt: 9, generator: 'g' });
  return [
    renderIntroMessage(session, 0),
    renderIntroMessage({ ...session, status: 'closed' }, 0),
    renderQuestionMessage(session, hostileQuestion),
    ...renderAnswerMessages(session, hostileQuestion),
    renderArchiveMessage(session, doc),
    renderQueue(session, [{ ...hostileQuestion, status: 'pending', answer: null }]),
    renderSessionList([session]),
  ];
}

describe('every rendered message', () => {
  it('allows no @everyone, @here or role pings, and at most the asker', () => {
    for (const message of allMessages()) {
      expect(message.allowed_mentions.parse).toEqual([]);
      expect(message.allowed_mentions.roles).toBeUndefined();
      expect(message.allowed_mentions.replied_user).toBeUndefined();
      expect(message.allowed_mentions.users ?? []).toEqual(
        (message.allowed_mentions.users ?? []).length ? [hostileAsker.id] : [],
      );
      expect(message.content.length).toBeLessThanOrEqual(2000);
    }
  });

  it('shows no live-looking @everyone, @here or role mention', () => {
    for (const { content } of allMessages()) {
      expect(content).not.toMatch(/@(everyone|here)/);
      expect(content).not.toMatch(/<@&\d/);
    }
  });

  it('keeps user mentions typed in question text as written (they ping nobody)', () => {
    expect(renderQuestionMessage(session, hostileQuestion).content).toContain('<@200000000000000001>');
  });

  it('pings the asker only in the first answer message', () => {
    const [first] = renderAnswerMessages(session, hostileQuestion);
    expect(first?.content.startsWith(`<@${hostileAsker.id}> `)).toBe(true);
    expect(first?.allowed_mentions).toEqual({ parse: [], users: [hostileAsker.id] });
  });
});

describe('names and title lines', () => {
  it('are escaped so they cannot restyle the message or form a mention', () => {
    const { content } = renderQuestionMessage(session, hostileQuestion);
    const header = content.split('\n')[0];
    expect(header).toBe(
      `**Q4** · **\\*\\*bold\\*\\* | \\_x\\_ <${ZWSP}@&123> @${ZWSP}everyone** · *\\\`code\\\` \\|\\|spoiler\\|\\| \\[link](https://evil.example) # heading " onmouseover=alert(1)*`,
    );
  });

  it('collapse to one line and are capped', () => {
    expect(escapeInlineText('a\nb\t c', 100)).toBe('a b c');
    expect(escapeInlineText('word '.repeat(100), 30).length).toBeLessThanOrEqual(30);
    expect(escapeInlineText('<#1> </cmd:1> <@!1>', 100)).toBe(`<${ZWSP}#1> <${ZWSP}/cmd:1> <${ZWSP}@!1>`);
  });

  it('in headings and summaries are escaped too', () => {
    expect(renderSessionSummaryLine(session)).toContain(`AMA with \\*\\*bold\\*\\* | \\_x\\_ <${ZWSP}@&123> @${ZWSP}everyone`);
  });
});

describe('question and answer text', () => {
  it('keeps its Markdown and only defuses mass and role mentions', () => {
    expect(defuseMassMentions('**Hi** @everyone and @here, <@&42> and <@42>')).toBe(
      `**Hi** @${ZWSP}everyone and @${ZWSP}here, <@&${ZWSP}42> and <@42>`,
    );
    expect(defuseMassMentions('mail me@hereford.example')).toBe('mail me@hereford.example');
  });
});

describe('thread names', () => {
  it('stay plain, single-line and short for hostile text', () => {
    const name = renderThreadName(hostileQuestion);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).not.toContain('\n');
  });
});
