import { describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderArchiveFiles } from '../../archive/files.js';
import { mostVotedAnswers, renderArchiveForumPost } from '../../bot/render/archive-post.js';
import { filesThatFit } from '../../jobs/processors/publish-archive.js';
import { HOSTILE, parlioQuestions, parlioSession, question } from './support/parlio.js';

// The archive as a forum post: the summary and the three most-voted answers, always one
// message long and pinging nobody; and which files still fit when an archive is huge.

const session = parlioSession();
const votes: Record<number, number> = { 2: 4, 9: 4, 14: 7, 5: 1 };
const doc = buildArchiveDocument(
  session,
  parlioQuestions().map((entry) => ({ ...entry, votes: votes[entry.number] ?? 0 })),
  { publishedAt: 0, generator: 'x' },
);

describe('mostVotedAnswers', () => {
  it('orders by votes, then by the order answers were given', () => {
    // Q9 was answered before Q2 (the fixture answers the highest numbers first).
    expect(mostVotedAnswers(doc).map((entry) => entry.number)).toEqual([14, 9, 2]);
    expect(mostVotedAnswers({ ...doc, questions: doc.questions.slice(0, 2) })).toHaveLength(2);
  });
});

describe('renderArchiveForumPost', () => {
  it('has the summary, then the three most-voted answers, within one message, pinging nobody', () => {
    const post = renderArchiveForumPost(session, doc, { archiveUrl: 'https://ama.example.org/archives/1/3' });
    expect(post.content.length).toBeLessThanOrEqual(2000);
    expect(post.allowed_mentions).toEqual({ parse: [] });
    expect(post.content).toContain('Read it online: <https://ama.example.org/archives/1/3>');
    expect(post.content).toContain('### The 3 most-voted answers');
    const at = ['**Q14** · 7 votes · Asker 2', '**Q9** · 4 votes', '**Q2** · 4 votes'].map((text) => post.content.indexOf(text));
    expect(at.every((index) => index > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('is only the summary when nothing was answered, and says "The answer" for one', () => {
    expect(renderArchiveForumPost(session, { ...doc, questions: [] }).content).not.toContain('###');
    expect(renderArchiveForumPost(session, { ...doc, questions: doc.questions.slice(0, 1) }).content).toContain('### The answer');
  });

  it('neutralises what members typed, and stays within one message however long the answers', () => {
    const hostile = question({
      number: 1,
      asker: { id: '1', name: HOSTILE.name, title: null },
      text: HOSTILE.text,
      votes: 3,
      status: 'answered',
      answer: { text: `${HOSTILE.text}\n${'*_~|`'.repeat(2000)}`, answeredAt: 1, host: session.host },
    });
    const long = [2, 3].map((number) =>
      question({ number, votes: 1, text: 'x'.repeat(1500), status: 'answered', answer: { text: 'y '.repeat(3000), answeredAt: number, host: session.host } }),
    );
    const post = renderArchiveForumPost(session, buildArchiveDocument(session, [hostile, ...long], { publishedAt: 0, generator: 'x' }));
    expect(post.content.length).toBeLessThanOrEqual(2000);
    expect(post.content).not.toMatch(/@everyone|@here|<@&\d|<@\d/);
    expect(post.content).toContain('**Q1** · 3 votes');
  });
});

describe('filesThatFit', () => {
  const files = renderArchiveFiles(doc);
  const size = (format: string) => Buffer.byteLength(files.find((file) => file.format === format)!.data);

  it('attaches every file when they fit, in their own order', () => {
    expect(filesThatFit(files, 10 * 1024 * 1024).map((file) => file.name.split('.').pop())).toEqual(['md', 'html', 'json']);
  });

  it('prefers the page, then Markdown, then JSON when they do not all fit', () => {
    expect(filesThatFit(files, size('html') + size('md')).map((file) => file.name.split('.').pop())).toEqual(['md', 'html']);
    expect(filesThatFit(files, size('html') - 1).map((file) => file.name.split('.').pop())).toEqual(['md']);
    expect(filesThatFit(files, 10)).toEqual([]);
  });
});
