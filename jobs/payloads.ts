import { z } from 'zod';

// Job data carries ids only: processors read the current state from Redis when they run, so a
// job that waited six days (or ran twice) never acts on a stale copy of a session.

const snowflake = z.string().regex(/^\d{1,20}$/);
const sessionRef = z.object({ guildId: snowflake, sessionId: z.number().int().positive() });

export const lifecycleJobSchemas = {
  'open-session': sessionRef,
  'close-session': sessionRef,
} as const;

export const discordJobSchemas = {
  /** Post the intro, or show it ended: whatever the session's state calls for. */
  'sync-session': sessionRef,
  /** Post the question, its thread, its answer and the answered mark: whatever is missing. */
  'sync-question': sessionRef.extend({ number: z.number().int().positive() }),
  /** DM the voters who asked to be told when this question is answered. */
  'notify-voters': sessionRef.extend({ number: z.number().int().positive() }),
  /** DM the asker of a rejected question the moderators' reason (stored with the question). */
  'tell-asker': sessionRef.extend({ number: z.number().int().positive() }),
  'publish-archive': sessionRef,
  /** Edit the published archive (message and files) after an answer changed. */
  'republish-archive': sessionRef,
  /** Bring the session's Discord event (Guild Scheduled Event) in line: create, move, start, end. */
  'sync-event': sessionRef,
  /** Post the reminder due `offsetMs` before the start, if the session still starts then. */
  remind: sessionRef.extend({ offsetMs: z.number().int().positive() }),
} as const;

export type SessionRef = z.infer<typeof sessionRef>;
export type QuestionRef = z.infer<(typeof discordJobSchemas)['sync-question']>;
export type ReminderRef = z.infer<(typeof discordJobSchemas)['remind']>;
export type LifecycleJobName = keyof typeof lifecycleJobSchemas;
export type DiscordJobName = keyof typeof discordJobSchemas;
