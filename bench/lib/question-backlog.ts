// A backlog of real `sync-question` jobs, as /ask leaves them (commands/ask.ts): an open session
// in each of many stand-in guilds, questions asked through QuestionStore.ask (the real script),
// and one JobScheduler.syncQuestion per question. Posting them is what workers then do.

import type { JobScheduler } from '../../jobs/scheduler.js';
import type { QuestionStore } from '../../storage/question-store.js';
import type { RedisClient } from '../../storage/redis.js';
import { SessionStore } from '../../storage/session-store.js';
import type { DiscordStandIn } from '../../tests/discord-stand-in/index.js';
import { sessionInput } from '../../tests/support/sessions.js';
import { memberId } from './sessions.js';
import { questionTexts } from './world.js';

/** One guild's AMA channel and the questions waiting to be posted in it. */
export interface BacklogChannel {
  guildId: string;
  channelId: string;
  sessionId: number;
  questions: number;
}

/**
 * Opens a session in each of `guilds` new stand-in guilds and asks `questions` questions over
 * them, each by a member of its own. Question i goes to guild i mod `guilds`, so the queue
 * interleaves guilds as real traffic does: in creation order, the first jobs a worker takes would
 * otherwise all post in one channel, whose rate-limit bucket discord.js serves one request at a time.
 */
export async function buildQuestionBacklog(
  deps: { discord: DiscordStandIn; redis: RedisClient; prefix: string; questions: QuestionStore; scheduler: JobScheduler },
  shape: { guilds: number; questions: number; label: string },
): Promise<BacklogChannel[]> {
  const sessions = new SessionStore(deps.redis, deps.prefix);
  const now = Date.now();
  const channels: BacklogChannel[] = [];
  for (let index = 0; index < shape.guilds; index++) {
    const guildId = deps.discord.createGuild({ name: `${shape.label} ${index + 1}` }).id;
    const channelId = deps.discord.createTextChannel(guildId, { name: 'ama' }).id;
    const session = await sessions.create(sessionInput({ guildId, channelId, title: `${shape.label} ${index + 1}`, startsAt: now, endsAt: now + 86_400_000, createdAt: now - 1 }));
    await sessions.open(guildId, session.id, now, 'due');
    channels.push({ guildId, channelId, sessionId: session.id, questions: 0 });
  }

  const texts = questionTexts(shape.questions, 23);
  let next = 0;
  // Eight at a time, like the bursts of a busy gateway; the order of the queue stays interleaved.
  const asker = async (): Promise<void> => {
    while (next < shape.questions) {
      const n = next++;
      const channel = channels[n % channels.length]!;
      const result = await deps.questions.ask({
        guildId: channel.guildId,
        interactionId: `9${String(n).padStart(18, '0')}`,
        channelId: channel.channelId,
        parentChannelId: null,
        sessionId: null,
        asker: { id: memberId(n), name: `Member ${n}` },
        text: texts[n]!,
        anonymous: false,
        now,
      });
      if (!result.ok) throw new Error(`question ${n} refused: ${result.reason}`);
      await deps.scheduler.syncQuestion({ guildId: channel.guildId, sessionId: result.sessionId, number: result.number }, 'asked');
      channel.questions += 1;
    }
  };
  await Promise.all(Array.from({ length: 8 }, asker));
  return channels;
}
