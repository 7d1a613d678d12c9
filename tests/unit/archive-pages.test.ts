import { describe, expect, it } from 'vitest';
import { createArchivePages } from '../../bot/http/archive-pages.js';
import type { Question, Session } from '../../storage/model.js';
import { GUILD_ID, parlioQuestions, parlioSession } from './support/parlio.js';

// Which sessions the HTTP side will show, and when it renders an archive again.

function pagesWith(sessions: Session[], options: { maxBytes?: number } = {}) {
  let clock = 0;
  let reads = 0;
  const byId = new Map(sessions.map((session) => [session.id, session]));
  const questions: Question[] = parlioQuestions();
  const pages = createArchivePages({
    sessions: {
      get: async (_guild, id) => {
        reads += 1;
        return byId.get(id) ?? null;
      },
    },
    questions: { answered: async () => questions, askedTimes: async () => [] },
    generator: 'test',
    now: () => clock,
    recheckMs: 1_000,
    ...options,
  });
  return { pages, byId, questions, advance: (ms: number) => (clock += ms), reads: () => reads };
}

describe('createArchivePages', () => {
  it('shows only closed sessions whose archive has been published', async () => {
    const { pages } = pagesWith([
      parlioSession({ id: 1, archiveMessageId: '1' }),
      parlioSession({ id: 2, archiveMessageId: null }),
      parlioSession({ id: 3, status: 'open', archiveMessageId: null }),
      parlioSession({ id: 4, status: 'cancelled', archiveMessageId: null }),
    ]);
    expect(await pages.get(GUILD_ID, 1)).not.toBeNull();
    for (const id of [2, 3, 4, 5]) expect(await pages.get(GUILD_ID, id)).toBeNull();
  });

  it('never remembers "not published", which may change any moment', async () => {
    const { pages, byId } = pagesWith([parlioSession({ id: 1, archiveMessageId: null })]);
    expect(await pages.get(GUILD_ID, 1)).toBeNull();
    byId.set(1, parlioSession({ id: 1, archiveMessageId: '1' }));
    expect(await pages.get(GUILD_ID, 1)).not.toBeNull();
  });

  it('serves a rendering without asking Redis for a while, then renders again only if an answer changed', async () => {
    const { pages, questions, advance, reads } = pagesWith([parlioSession({ id: 1, archiveMessageId: '1' })]);
    const first = await pages.get(GUILD_ID, 1);
    const [again] = await Promise.all([pages.get(GUILD_ID, 1), pages.get(GUILD_ID, 1)]);
    expect(again).toBe(first);
    expect(reads()).toBe(1);

    advance(1_001);
    expect(await pages.get(GUILD_ID, 1)).toBe(first); // checked, unchanged: the same rendering
    expect(reads()).toBe(2);

    questions[1] = { ...questions[1]!, answer: { ...questions[1]!.answer!, text: 'EDITED after the close' } };
    expect(await pages.get(GUILD_ID, 1)).toBe(first); // not checked yet
    advance(1_001);
    const edited = await pages.get(GUILD_ID, 1);
    expect(edited).not.toBe(first);
    expect(edited?.md.data).toContain('EDITED after the close');
    expect(edited?.html.etag).not.toBe(first?.html.etag);
  });

  it('drops the least recently checked renderings beyond its memory budget', async () => {
    const { pages, reads } = pagesWith(
      [1, 2].map((id) => parlioSession({ id, archiveMessageId: '1' })),
      { maxBytes: 150_000 }, // one Parlio archive (about 90,000 characters) fits, two do not
    );
    await pages.get(GUILD_ID, 1);
    await pages.get(GUILD_ID, 2);
    await pages.get(GUILD_ID, 2);
    expect(reads()).toBe(2);
    await pages.get(GUILD_ID, 1);
    expect(reads()).toBe(3);
  });
});
