import { z } from 'zod';

// The archive's JSON document: what Parley publishes after an AMA closes, and what the
// Markdown and HTML renderers read. Versioned so readers can tell old files from new ones;
// bump ARCHIVE_SCHEMA_VERSION on any change that is not a pure addition.
//
// Privacy: the archive is public. It carries display names and title lines, never Discord
// user ids, so a published file cannot be joined back to accounts beyond what the channel showed.

export const ARCHIVE_SCHEMA_VERSION = 1;

const isoTime = z.iso.datetime({ offset: true });

export const archivedPersonSchema = z.object({
  name: z.string().min(1),
  title: z.string().nullable(),
});

export const archivedQuestionSchema = z.object({
  /** The question's number in the session (Q12). */
  number: z.number().int().positive(),
  asker: archivedPersonSchema,
  text: z.string(),
  askedAt: isoTime,
  votes: z.number().int().nonnegative(),
  answer: z.object({
    text: z.string(),
    answeredAt: isoTime,
    host: archivedPersonSchema,
  }),
});

export const archiveDocumentSchema = z.object({
  schemaVersion: z.literal(ARCHIVE_SCHEMA_VERSION),
  generator: z.string(),
  publishedAt: isoTime,
  session: z.object({
    id: z.number().int().positive(),
    title: z.string(),
    host: archivedPersonSchema,
    intro: z.string().nullable(),
    startedAt: isoTime,
    endedAt: isoTime,
  }),
  /** How many questions were asked, answered or not. */
  askedCount: z.number().int().nonnegative(),
  /** Answered questions only, in the order they were answered. */
  questions: z.array(archivedQuestionSchema),
});

export type ArchivedPerson = z.infer<typeof archivedPersonSchema>;
export type ArchivedQuestion = z.infer<typeof archivedQuestionSchema>;
export type ArchiveDocument = z.infer<typeof archiveDocumentSchema>;
