import type { RedisClient } from './redis.js';
import { z } from 'zod';
import { answerPartField, questionFromHash } from './codec.js';
import { guildKeys, sessionKeys } from './keys.js';
import { askQuestionScript } from './lua/ask-question.js';
import {
  answerCandidatesScript,
  answerQuestionScript,
  editAnswerScript,
  markSyncedScript,
  moderateQuestionScript,
  voteScript,
} from './lua/question-scripts.js';
import type { Person, Question, QuestionStatus, SessionStatus } from './model.js';
import { DUPLICATE_THRESHOLD, fingerprint, FINGERPRINT_SEPARATOR } from './question-fingerprint.js';
import { readHashes } from './read-hashes.js';

export interface AskInput {
  guildId: string;
  interactionId: string;
  channelId: string;
  /** The channel a thread belongs to, so asking inside a thread of the AMA channel works. */
  parentChannelId: string | null;
  /** The session the member named, if any; otherwise the one taking questions in this channel. */
  sessionId: number | null;
  asker: { id: string; name: string };
  text: string;
  anonymous: boolean;
  now: number;
}

// cjson encodes an empty Lua table as {}, so lists may arrive as objects.
const luaList = <T extends z.ZodType>(item: T) => z.preprocess((value) => (Array.isArray(value) ? value : []), z.array(item));

const sessionSummarySchema = z.object({
  id: z.number(),
  title: z.string(),
  channelId: z.string(),
  startsAt: z.coerce.number(),
  endsAt: z.coerce.number(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

const questionStatusSchema = z.enum(['review', 'pending', 'answered', 'hidden', 'withdrawn', 'rejected']);

const askResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    sessionId: z.number(),
    channelId: z.string(),
    number: z.number(),
    status: questionStatusSchema,
    duplicate: z.boolean(),
    /** Discord delivered this interaction before: its handler must not answer again. */
    repeated: z.literal(true).optional(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.enum([
      'unknown-session',
      'not-open',
      'ended',
      'no-session-here',
      'ambiguous',
      'banned',
      'anonymous-not-allowed',
      'too-short',
      'too-long',
      'cooldown',
      'too-many-pending',
      'duplicate',
      /** A copy of an interaction that stored no question the first time (always with repeated). */
      'repeated-delivery',
    ]),
    sessionId: z.number().optional(),
    startsAt: z.coerce.number().optional(),
    open: luaList(sessionSummarySchema).optional().default([]),
    next: sessionSummarySchema.optional(),
    /** The limit that refused (characters, seconds or questions). */
    limit: z.number().optional(),
    /** When a member in cooldown may ask again. */
    retryAt: z.number().optional(),
    /** The existing question a duplicate matched, and how similar it was. */
    number: z.number().optional(),
    similarity: z.number().optional(),
    repeated: z.literal(true).optional(),
  }),
]);
export type AskResult = z.infer<typeof askResultSchema>;
export type AskRefusal = Extract<AskResult, { ok: false }>;

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
  | 'already-answered'
  | 'not-answerable';

const editResultSchema = z.object({
  outcome: z.enum(['edited', 'unchanged', 'missing-session', 'not-host', 'unknown-question', 'not-answered']),
  status: z.enum(['scheduled', 'open', 'closed', 'cancelled']).optional(),
});
export type EditAnswerResult = { outcome: z.infer<typeof editResultSchema>['outcome']; sessionStatus?: SessionStatus };

const voteResultSchema = z.object({
  outcome: z.enum(['counted', 'closed', 'unknown-question', 'not-votable', 'own-question']),
  voted: z.boolean().optional(),
  votes: z.number().optional(),
});
export type VoteResult = z.infer<typeof voteResultSchema>;

export type ModerationAction = 'approve' | 'reject' | 'hide' | 'withdraw';
const moderationResultSchema = z.object({
  outcome: z.enum(['done', 'unknown-question', 'wrong-state', 'not-asker', 'closed']),
  askerId: z.string().optional(),
  status: questionStatusSchema.optional(),
});
export type ModerationResult = z.infer<typeof moderationResultSchema>;

/** Characters as the ask script's limits count them (code points, as `[...text].length`), without an array. */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/** Where a host runs /answer, and what they typed, for its autocomplete. */
export interface AnswerCandidatesQuery {
  guildId: string;
  hostId: string;
  channelId: string;
  parentChannelId: string | null;
  /** 'pending' for answering (the best-ranked waiting questions), 'answered' for editing an answer. */
  list: 'pending' | 'answered';
  /** How many of the best-ranked waiting questions ('answered' reads them all). */
  limit: number;
  /** A question number typed: offered first when it is in the list's state. */
  number: number | null;
}

/** Just what an autocomplete choice shows of a question. */
export interface AnswerCandidate {
  number: number;
  votes: number;
  anonymous: boolean;
  askerName: string;
  text: string;
}

/** How long an /ask interaction's delivery is remembered: its token's lifetime (the ask script uses the same). */
const ASK_DELIVERY_TTL_SECONDS = 15 * 60;

/** Questions of a session: asking, voting, moderating, answering, and what was posted for each. */
export class QuestionStore {
  constructor(
    private readonly redis: RedisClient,
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
        characterCount(input.text),
        input.now,
        input.anonymous ? '1' : '0',
        fingerprint(input.text).join(FINGERPRINT_SEPARATOR),
        DUPLICATE_THRESHOLD,
      ],
    );
    return askResultSchema.parse(JSON.parse(String(raw)));
  }

  /**
   * Records an /ask interaction's delivery when it is refused before reaching the ask script
   * (which records it otherwise); false if Discord delivered it before.
   */
  async firstDelivery(guildId: string, interactionId: string): Promise<boolean> {
    const key = guildKeys(this.prefix, guildId).interaction(interactionId);
    return (await this.redis.set(key, '1', 'EX', ASK_DELIVERY_TTL_SECONDS, 'NX')) === 'OK';
  }

  async answer(input: AnswerInput): Promise<AnswerOutcome> {
    const keys = sessionKeys(this.prefix, input.guildId, input.sessionId);
    return (await answerQuestionScript.run(
      this.redis,
      [keys.session],
      [input.number, input.host.id, input.host.name, input.host.title ?? '', input.text, input.now, input.interactionId],
    )) as AnswerOutcome;
  }

  async editAnswer(guildId: string, sessionId: number, number: number, editorId: string, text: string, now: number): Promise<EditAnswerResult> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const raw = await editAnswerScript.run(this.redis, [keys.session], [number, editorId, text, now]);
    const result = editResultSchema.parse(JSON.parse(String(raw)));
    return { outcome: result.outcome, ...(result.status ? { sessionStatus: result.status } : {}) };
  }

  /** 'toggle' for the ▲ button; 'fold' when a member's duplicate question becomes a vote. */
  async vote(guildId: string, sessionId: number, number: number, voterId: string, now: number, mode: 'toggle' | 'fold'): Promise<VoteResult> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const raw = await voteScript.run(this.redis, [keys.session], [number, voterId, now, mode]);
    return voteResultSchema.parse(JSON.parse(String(raw)));
  }

  async moderate(
    guildId: string,
    sessionId: number,
    number: number,
    action: ModerationAction,
    actorId: string,
    now: number,
    newText = '',
  ): Promise<ModerationResult> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const raw = await moderateQuestionScript.run(this.redis, [keys.session], [action, number, actorId, now, newText]);
    return moderationResultSchema.parse(JSON.parse(String(raw)));
  }

  async get(guildId: string, sessionId: number, number: number): Promise<Question | null> {
    const hash = await this.redis.hgetall(sessionKeys(this.prefix, guildId, sessionId).question(number));
    return Object.keys(hash).length === 0 ? null : questionFromHash(hash);
  }

  /**
   * /answer's autocomplete in one round trip: the session the caller hosts here (as the command
   * chooses it) and its candidates, the typed number first; null when they host none. Reads five
   * fields per question, not whole hashes: a keystroke must stay cheap with a huge queue.
   */
  async answerCandidates(query: AnswerCandidatesQuery): Promise<{ sessionId: number; candidates: AnswerCandidate[] } | null> {
    const reply = (await answerCandidatesScript.run(
      this.redis,
      [guildKeys(this.prefix, query.guildId).base],
      [query.hostId, query.channelId, query.parentChannelId ?? '', query.list, query.limit, query.number === null ? '' : String(query.number)],
    )) as string[];
    if (reply.length === 0) return null;
    const candidates: AnswerCandidate[] = [];
    for (let i = 1; i + 4 < reply.length; i += 5) {
      candidates.push({ number: Number(reply[i]), votes: Number(reply[i + 1]), anonymous: reply[i + 2] === '1', askerName: reply[i + 3]!, text: reply[i + 4]! });
    }
    return { sessionId: Number(reply[0]), candidates };
  }

  /** The host's queue: most votes first, then oldest first. */
  async pending(guildId: string, sessionId: number, offset = 0, limit = 25): Promise<Question[]> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const members = await this.redis.zrange(keys.pending, offset, offset + limit - 1);
    return this.getMany(guildId, sessionId, members.map(Number));
  }

  async pendingCount(guildId: string, sessionId: number): Promise<number> {
    return this.redis.zcard(sessionKeys(this.prefix, guildId, sessionId).pending);
  }

  /** Answered questions in the order they were answered: the archive's order. */
  async answered(guildId: string, sessionId: number): Promise<Question[]> {
    const numbers = await this.redis.zrange(sessionKeys(this.prefix, guildId, sessionId).answered, 0, -1);
    return this.getMany(guildId, sessionId, numbers.map(Number));
  }

  /**
   * When questions 1…count were asked (epoch ms), whatever became of them: the archive's
   * activity chart. Reads one field per question in one round trip; numbers with no question
   * are left out.
   */
  async askedTimes(guildId: string, sessionId: number, count: number): Promise<number[]> {
    if (count <= 0) return [];
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const pipeline = this.redis.pipeline();
    for (let number = 1; number <= count; number++) pipeline.hget(keys.question(number), 'askedAt');
    const results = (await pipeline.exec()) ?? [];
    return results.flatMap(([error, value]) => {
      if (error) throw error;
      return typeof value === 'string' ? [Number(value)] : [];
    });
  }

  /** The first pending question, in queue order, that this host has not skipped. */
  async nextFor(guildId: string, sessionId: number, hostId: string): Promise<{ question: Question | null; skippedAll: boolean }> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const skipped = new Set((await this.redis.smembers(keys.skipped(hostId))).map(Number));
    for (let offset = 0; ; offset += 100) {
      const members = (await this.redis.zrange(keys.pending, offset, offset + 99)).map(Number);
      const next = members.find((number) => !skipped.has(number));
      if (next !== undefined) return { question: await this.get(guildId, sessionId, next), skippedAll: false };
      if (members.length < 100) return { question: null, skippedAll: skipped.size > 0 && offset + members.length > 0 };
    }
  }

  async skip(guildId: string, sessionId: number, hostId: string, number: number): Promise<void> {
    await this.redis.sadd(sessionKeys(this.prefix, guildId, sessionId).skipped(hostId), number);
  }

  async clearSkipped(guildId: string, sessionId: number, hostId: string): Promise<void> {
    await this.redis.del(sessionKeys(this.prefix, guildId, sessionId).skipped(hostId));
  }

  async ban(guildId: string, sessionId: number, userId: string): Promise<boolean> {
    return (await this.redis.sadd(sessionKeys(this.prefix, guildId, sessionId).banned, userId)) === 1;
  }

  async voters(guildId: string, sessionId: number, number: number): Promise<string[]> {
    return this.redis.smembers(sessionKeys(this.prefix, guildId, sessionId).voters(number));
  }

  /** Records that a voter was told; false if they already were (a retried job). */
  async markNotified(guildId: string, sessionId: number, number: number, userId: string): Promise<boolean> {
    return (await this.redis.sadd(sessionKeys(this.prefix, guildId, sessionId).notified(number), userId)) === 1;
  }

  async unmarkNotified(guildId: string, sessionId: number, number: number, userId: string): Promise<void> {
    await this.redis.srem(sessionKeys(this.prefix, guildId, sessionId).notified(number), userId);
  }

  /** Questions whose Discord side is behind Redis (for start-up catch-up), lowest number first. */
  async unsynced(guildId: string, sessionId: number): Promise<number[]> {
    const members = await this.redis.smembers(sessionKeys(this.prefix, guildId, sessionId).unsynced);
    return members.map(Number).sort((a, b) => a - b);
  }

  async markSynced(guildId: string, sessionId: number, number: number, status: QuestionStatus, answerVersion: number): Promise<void> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    await markSyncedScript.run(this.redis, [keys.question(number), keys.unsynced], [number, status, answerVersion]);
  }

  async recordQuestionMessage(guildId: string, sessionId: number, number: number, messageId: string): Promise<void> {
    await this.record(guildId, sessionId, number, { messageId });
  }

  async recordReviewMessage(guildId: string, sessionId: number, number: number, messageId: string): Promise<void> {
    await this.record(guildId, sessionId, number, { reviewMessageId: messageId });
  }

  async recordRejectReason(guildId: string, sessionId: number, number: number, reason: string): Promise<void> {
    await this.record(guildId, sessionId, number, { rejectReason: reason });
  }

  async rejectReason(guildId: string, sessionId: number, number: number): Promise<string | null> {
    return this.redis.hget(sessionKeys(this.prefix, guildId, sessionId).question(number), 'rejectReason');
  }

  async recordThread(guildId: string, sessionId: number, number: number, threadId: string): Promise<void> {
    await this.record(guildId, sessionId, number, { threadId });
  }

  async recordAnswerPart(guildId: string, sessionId: number, number: number, index: number, messageId: string): Promise<void> {
    await this.record(guildId, sessionId, number, { [answerPartField(index)]: messageId });
  }

  async forgetAnswerPart(guildId: string, sessionId: number, number: number, index: number): Promise<void> {
    await this.redis.hdel(sessionKeys(this.prefix, guildId, sessionId).question(number), answerPartField(index));
  }

  async recordAnswerSynced(guildId: string, sessionId: number, number: number, version: number): Promise<void> {
    await this.record(guildId, sessionId, number, { answerSyncedVersion: String(version) });
  }

  /** What the question's channel message now shows, so unchanged renders are not edited again. */
  async recordRendered(guildId: string, sessionId: number, number: number, shown: { votes: number; answered: boolean }): Promise<void> {
    await this.record(guildId, sessionId, number, {
      renderedVotes: String(shown.votes),
      ...(shown.answered ? { markedAnswered: '1' } : {}),
    });
  }

  async renderedVotes(guildId: string, sessionId: number, number: number): Promise<number> {
    return Number((await this.redis.hget(sessionKeys(this.prefix, guildId, sessionId).question(number), 'renderedVotes')) ?? 0);
  }

  private async record(guildId: string, sessionId: number, number: number, fields: Record<string, string>): Promise<void> {
    await this.redis.hset(sessionKeys(this.prefix, guildId, sessionId).question(number), fields);
  }

  private async getMany(guildId: string, sessionId: number, numbers: number[]): Promise<Question[]> {
    const keys = sessionKeys(this.prefix, guildId, sessionId);
    const hashes = await readHashes(this.redis, numbers.map((number) => keys.question(number)));
    return hashes.map(questionFromHash);
  }
}
