import { REST } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseArchiveJson } from '../../archive/json.js';
import { createLogger } from '../../bot/logger.js';
import { discordArchivePostsOverRest } from '../../jobs/discord-archive-rest.js';
import { discordMessagesOverRest } from '../../jobs/discord-rest.js';
import { publishArchiveJob, republishArchiveJob, type PublishArchiveDeps } from '../../jobs/processors/publish-archive.js';
import type { Question, Session } from '../../storage/model.js';
import { startDiscordStandIn, type DiscordStandIn, type StandInMessage } from '../discord-stand-in/index.js';
import { parlioQuestions, parlioSession } from '../unit/support/parlio.js';

// Publishing and republishing the archive against Discord's REST API as the stand-in serves
// it: a text channel gets a message, a forum gets a post of its own, and an edited answer
// replaces the files. Storage is a plain in-memory stand-in here (the jobs read it through
// narrow interfaces); tests/integration/jobs.test.ts covers the job against real Redis.

const log = createLogger(process.env.PARLEY_TEST_LOG_LEVEL ?? 'silent');
const BASE_URL = 'https://ama.example.org';
let discord: DiscordStandIn;
let guildId: string;
let textChannelId: string;
let forumId: string;
let amaTagId: string;
let untaggedForumId: string;

beforeAll(async () => {
  discord = await startDiscordStandIn();
  const guild = discord.createGuild({ name: 'Archives' });
  guildId = guild.id;
  textChannelId = discord.createTextChannel(guild.id, { name: 'ama' }).id;
  const forum = discord.createForumChannel(guild.id, { name: 'ama-archive', tags: ['Announcements', 'AMA'] });
  forumId = forum.id;
  amaTagId = forum.available_tags.find((tag) => tag.name === 'AMA')!.id;
  untaggedForumId = discord.createForumChannel(guild.id, { name: 'misc', tags: ['Other'] }).id;
});

afterAll(async () => {
  await discord.close();
});

beforeEach(() => {
  discord.faults.clear();
});

let nextSessionId = 10;

/** A closed session whose record lives in memory, as the job's narrow interfaces see it. */
function world(archiveChannelId: string, questions: Question[] = withVotes(parlioQuestions())) {
  let session: Session = parlioSession({
    guildId,
    id: nextSessionId++,
    channelId: textChannelId,
    archiveChannelId,
    archiveMessageId: null,
    closedAt: Date.now(),
  });
  const rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);
  const deps: PublishArchiveDeps = {
    sessions: {
      get: async () => session,
      recordArchiveMessage: async (_guild, _session, messageId) => {
        session = { ...session, archiveMessageId: messageId };
      },
      clearActive: async () => undefined,
    },
    questions: {
      answered: async () => questions.filter((question) => question.status === 'answered'),
      askedTimes: async () => questions.map((question) => question.askedAt),
    },
    discord: discordMessagesOverRest(rest),
    archivePosts: discordArchivePostsOverRest(rest),
    now: Date.now,
    log,
    generator: 'Parley test',
    publicBaseUrl: BASE_URL,
  };
  const ref = { guildId, sessionId: session.id };
  return { deps, ref, questions, session: () => session };
}

/** Votes so that the three most-voted are Q3 (9), then Q12 and Q7 (5 each; Q12 was answered first). */
function withVotes(questions: Question[]): Question[] {
  const votes: Record<number, number> = { 3: 9, 7: 5, 12: 5, 1: 2 };
  return questions.map((question) => ({ ...question, votes: votes[question.number] ?? 0 }));
}

const fileText = (message: StandInMessage, extension: string) =>
  message.attachments.find((attachment) => attachment.filename.endsWith(extension))!.bytes.toString('utf8');

describe('publishing to a text channel', () => {
  it('posts the summary with a link to the page, and the three files, once', async () => {
    const { deps, ref, session } = world(textChannelId);
    expect(await publishArchiveJob(ref, deps)).toBe('published');
    expect(await publishArchiveJob(ref, deps)).toBe('already-published');

    const message = discord.message(session().archiveMessageId!)!;
    expect(message.channel_id).toBe(textChannelId);
    const id = session().id;
    expect(message.content).toContain(`Read it online: <${BASE_URL}/archives/${guildId}/${id}>`);
    expect(message.attachments.map((attachment) => attachment.filename).sort()).toEqual([
      `ama-${id}-secretary-general-of-amnesty-international.html`,
      `ama-${id}-secretary-general-of-amnesty-international.json`,
      `ama-${id}-secretary-general-of-amnesty-international.md`,
    ]);
    const html = fileText(message, '.html');
    expect(html).toContain(`<meta property="og:url" content="${BASE_URL}/archives/${guildId}/${id}">`);
    const doc = parseArchiveJson(fileText(message, '.json'));
    expect(doc.timeline?.askedAt).toHaveLength(18);
    expect(doc.questions.find((question) => question.number === 3)?.votes).toBe(9);
    discord.assertNoViolations();
  });
});

describe('publishing to a forum', () => {
  it('creates a post titled after the AMA, tagged AMA, with the summary, the three most-voted answers and the files', async () => {
    const { deps, ref, session, questions } = world(forumId);
    expect(await publishArchiveJob(ref, deps)).toBe('published');

    const postId = session().archiveMessageId!;
    const post = discord.thread(postId)!;
    expect(post.parent_id).toBe(forumId);
    expect(post.name).toBe('Secretary General of Amnesty International');
    expect(post.applied_tags).toEqual([amaTagId]);

    const starter = discord.message(postId)!;
    expect(starter.channel_id).toBe(postId);
    expect(starter.content.length).toBeLessThanOrEqual(2000);
    expect(starter.content).toContain('This AMA took place between');
    expect(starter.content).toContain(`<${BASE_URL}/archives/${guildId}/${session().id}>`);
    const order = ['**Q3** · 9 votes', '**Q12** · 5 votes', '**Q7** · 5 votes'].map((line) => starter.content.indexOf(line));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(starter.content).not.toContain('**Q1** ·');
    const q3 = questions.find((question) => question.number === 3)!;
    expect(starter.content).toContain(q3.answer!.text.slice(0, 40));
    expect(starter.attachments).toHaveLength(3);
    expect(starter.pinged).toEqual({ everyone: false, users: [], roles: [] });
    discord.assertNoViolations();
  });

  it('applies no tag when the forum has no AMA tag', async () => {
    const { deps, ref, session } = world(untaggedForumId);
    await publishArchiveJob(ref, deps);
    expect(discord.thread(session().archiveMessageId!)!.applied_tags ?? []).toEqual([]);
  });

  it('finds the post an attempt made before its response was lost, instead of posting again', async () => {
    const { deps, ref, session } = world(forumId);
    const before = discord.threadsOf(forumId).length;
    discord.faults.add({ method: 'POST', path: new RegExp(`^/channels/${forumId}/threads$`), status: 500, afterHandling: true });
    await expect(publishArchiveJob(ref, deps)).rejects.toThrow();
    expect(session().archiveMessageId).toBeNull();

    expect(await publishArchiveJob(ref, deps)).toBe('published');
    const posts = discord.threadsOf(forumId).slice(before);
    expect(posts).toHaveLength(1);
    expect(session().archiveMessageId).toBe(posts[0]!.id);
  });
});

describe('republishing after an answer is edited', () => {
  for (const where of ['text channel', 'forum'] as const) {
    it(`edits the ${where} message and replaces its files`, async () => {
      const { deps, ref, session, questions } = world(where === 'forum' ? forumId : textChannelId);
      await publishArchiveJob(ref, deps);
      const messageId = session().archiveMessageId!;
      const oldIds = discord.message(messageId)!.attachments.map((attachment) => attachment.id);

      const edited = questions.find((question) => question.number === 7)!;
      edited.answer = { ...edited.answer!, text: 'EDITED: a **better** answer, after the close.' };
      expect(await republishArchiveJob(ref, deps)).toBe('republished');

      const message = discord.message(messageId)!;
      expect(message.attachments).toHaveLength(3);
      expect(message.attachments.some((attachment) => oldIds.includes(attachment.id))).toBe(false);
      expect(fileText(message, '.md')).toContain('EDITED: a **better** answer');
      expect(fileText(message, '.html')).toContain('EDITED: a <strong>better</strong> answer');
      expect(parseArchiveJson(fileText(message, '.json')).questions.find((question) => question.number === 7)?.answer.text).toContain('EDITED');
      if (where === 'forum') expect(message.content).toContain('EDITED: a better answer, after the close.');
      discord.assertNoViolations();
    });
  }

  it('does nothing before the archive is published', async () => {
    const { deps, ref } = world(textChannelId);
    expect(await republishArchiveJob(ref, deps)).toBe('not-published');
  });

  it('catches an answer edited while the archive was being published', async () => {
    const { deps, ref, session, questions } = world(textChannelId);
    const answered = deps.questions.answered;
    let reads = 0;
    deps.questions = {
      ...deps.questions,
      // The edit lands right after the publish job's first read.
      answered: async (...args) => {
        if (++reads === 2) questions.find((question) => question.number === 1)!.answer!.text = 'EDITED DURING PUBLISH';
        return answered(...args);
      },
    };
    await publishArchiveJob(ref, deps);
    reads = 0;
    const message = discord.message(session().archiveMessageId!)!;
    expect(fileText(message, '.md')).toContain('EDITED DURING PUBLISH');
  });
});
