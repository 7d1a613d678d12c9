import type { Redis } from 'ioredis';
import { readHashes } from './read-hashes.js';
import { z } from 'zod';
import { answerPartField, questionFromHash } from './codec.js';
import { guildKeys, sessionKeys } from './keys.js';
import type { Person, Question, QuestionStatus } from './model.js';
import { answerQuestionScript, askQuestionScript, markSyncedScript } from './lua/question-scripts.js';

export interface AskInput {
  guildId: string;
  interactionId: string;
  channelId: string;
  /** The channel a thread belongs to, so asking inside a thread of the AMA channel works. */
  parentChannelId: string | null;
  /** The session the member named, if any; otherwise the one open in this channel. */
  sessionId: number | null;
  asker: { id: string; name: string };
  text: string;
  now: number;
}

// cjson encodes an empty Lua table as {}, so lists may arrive as objects.
const luaList = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (Array.isArray(value) ? value : []), z.array(item));

const sessionSummarySchema = z.object({
  id: z.number(),
  title: z.string(),
  channelId: z.string(),
  startsAt: z.coerce.number(),
  endsAt: z.coerce.number(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

const askResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), sessionId: z.number(), channelId: z.string(), number: z.number(), duplicate: z.boolean() }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(['unknown-session', 'not-open', 'ended', 'no-session-here', 'ambiguous']),
    sessionId: z.number().optional(),
    startsAt: z.coerce.number().optional(),
    open: luaList(sessionSummarySchema),
    next: sessionSummarySchema.optional(),
  }),
]);
export type AskResult = z.infer<typeof askResultSchema>;

export interface AnswerInput {
  guildId: string;
  sessionId: number;
  number: number;
  host: Person;
  text: string;
  now: number;
  interactionId: string;
}

export type AnswerOutcome =
  | 'answered'
  | 'duplicate'
  | 'missing-session'
  | 'not-open'
  | 'not-host'
  | 'unknown-question'
  | 'already-answered';

/** Questions of a session: asking, answering, the host's queue, and what was posted for each. */
export class QuestionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async ask(input: AskInput): Promise<AskResult> {
    const raw = await askQuestionScript.run(
      this.redis,
      [guildKeys(this.prefix, input.guildId).base],
      [
        input.interactionId,
        input.channelId,
        input.parentChannelId ?? '',
        input.sessionId === null ? '' : String(input.sessionId),
        input.asker.id,
        input.asker.name,
        input.text,
        input.now,
      ],
    );
    return askResultSchema.parse(JSON.parse(String(raw)));
  }

  async answer(input: AnswerInput): Promise<AnswerOutcome> {
    const keys = sessionKeys(this.prefix, input.guildId, input.sessionId);
    return (await answerQuestionScript.run(
      this.redis,
      [keys.session],
      [input.number, input.host.id, input.host.name, input.host.title ?? '', input.text, input.now, input.interactionId],
    )) as AnswerOutcome;
  }

  async get(guildId: string, sessionId: number, number: number): Promise<Question | null> {
    const hash = await this.redis.hgetall(sessionKeys(this.prefix, guildId, sessionId).question(number));
    return Object.keys(hash).length === 0 ? null : questionFromHash(hash);
  }

  /** The host's queue, oldest first. */
  async pending(guildId: string, sessionId: number, offset = 0, limit = 25): Promise<Question[]> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const numbers = await this.redis.zrange(keys.pending, offset, offset + limit - 1);
    return this.getMany(guildId, sessionId, numbers.map(Number));
  }

  async pendingCount(guildId: string, sessionId: number): Promise<number> {
    return this.redis.zcard(sessionKeys(this.prefix, guildId, sessionId).pending);
  }

  /** Answered questions in the order they were answered: the archive's order. */
  async answered(guildId: string, sessionId: number): Promise<Question[]> {
    const numbers = await this.redis.zrange(sessionKeys(this.prefix, guildId, sessionId).answered, 0, -1);
    return this.getMany(guildId, sessionId, numbers.map(Number));
  }

  /** Questions whose Discord side is behind Redis (for start-up catch-up), lowest number first. */
  async unsynced(guildId: string, sessionId: number): Promise<number[]> {
    const members = await this.redis.smembers(sessionKeys(this.prefix, guildId, sessionId).unsynced);
    return members.map(Number).sort((a, b) => a - b);
  }

  async markSynced(guildId: string, sessionId: number, number: number, status: QuestionStatus): Promise<void> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    await markSyncedScript.run(this.redis, [keys.question(number), keys.unsynced], [number, status]);
  }

  async recordQuestionMessage(guildId: string, sessionId: number, number: number, messageId: string): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).question(number), 'messageId', messageId);
  }

  async recordThread(guildId: string, sessionId: number, number: number, threadId: string): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).question(number), 'threadId', threadId);
  }

  async recordAnswerPart(guildId: string, sessionId: number, number: number, index: number, messageId: string): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).question(number), answerPartField(index), messageId);
  }

  async recordMarkedAnswered(guildId: string, sessionId: number, number: number): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).question(number), 'markedAnswered', '1');
  }

  private async getMany(guildId: string, sessionId: number, numbers: number[]): Promise<Question[]> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const hashes = await readHashes(this.redis, numbers.map((number) => keys.question(number)));
    return hashes.map(questionFromHash);
  }
}
