import { z } from 'zod';

// The archive's JSON document: what Parley publishes after an AMA closes, and what the
// Markdown and HTML renderers read. Versioned so readers can tell old files from new ones;
// bump ARCHIVE_SCHEMA_VERSION on any change that is not a pure addition.
//
// The descriptions are the schema's documentation: they are carried into the published JSON
// Schema (archive/archive.schema.json, see json-schema.ts), so tools in any language can
// validate a file and read what each field means.
//
// Privacy: the archive is public. It carries display names and title lines, never Discord
// user ids, so a published file cannot be joined back to accounts beyond what the channel showed.

export const ARCHIVE_SCHEMA_VERSION = 1;

const isoTime = z.iso.datetime({ offset: true });

export const archivedPersonSchema = z
  .object({
    name: z.string().min(1).describe('Display name when they acted.'),
    title: z.string().nullable().describe('Their title line, like "Researcher @ Harvard"; null when they have none.'),
  })
  .describe('A person as the AMA showed them. Never a Discord user id.');

export const archivedQuestionSchema = z.object({
  number: z.number().int().positive().describe('The question\'s number in the session, shown as Q12; the page anchor is "#q12".'),
  asker: archivedPersonSchema,
  text: z.string().describe('The question as typed, Discord-flavoured Markdown.'),
  askedAt: isoTime,
  votes: z.number().int().nonnegative().describe('Members\' votes for the question when the session closed.'),
  alsoAskedBy: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Members whose near-identical question was folded into this one (added in Parley 0.1; absent means 0).'),
  answer: z.object({
    text: z.string().describe('The answer as typed, Discord-flavoured Markdown.'),
    answeredAt: isoTime,
    host: archivedPersonSchema,
  }),
});

export const archiveDocumentSchema = z
  .object({
    schemaVersion: z.literal(ARCHIVE_SCHEMA_VERSION).describe('Bumped only by changes that are not pure additions.'),
    generator: z.string().describe('What produced the file, e.g. "Parley 0.1.0".'),
    publishedAt: isoTime,
    session: z.object({
      id: z.number().int().positive().describe('The session\'s number in its server.'),
      title: z.string(),
      host: archivedPersonSchema,
      // Added after version 1 was first published; absent when the AMA had a single host.
      cohosts: z.array(archivedPersonSchema).optional().describe('More hosts who took questions, each with their title line.'),
      intro: z.string().nullable().describe('The host\'s introduction, Markdown; null when there was none.'),
      startedAt: isoTime,
      endedAt: isoTime,
    }),
    askedCount: z.number().int().nonnegative().describe('How many questions were asked, answered or not.'),
    // Added after version 1 was first published: optional, so older files still read, and
    // readers without it fall back to the answered questions' askedAt.
    timeline: z
      .object({ askedAt: z.array(isoTime) })
      .optional()
      .describe('When each question was asked, answered or not, oldest first: what the activity chart draws. Times only.'),
    questions: z.array(archivedQuestionSchema).describe('Answered questions only, in the order they were answered.'),
  })
  .describe('A published Parley AMA archive.');

export type ArchivedPerson = z.infer<typeof archivedPersonSchema>;
export type ArchivedQuestion = z.infer<typeof archivedQuestionSchema>;
export type ArchiveDocument = z.infer<typeof archiveDocumentSchema>;
