// The archive's JSON format as a JSON Schema document, generated from the zod schema (the
// single definition) so tools in any language can validate a file and read what each field
// means. Published as archive/archive.schema.json; `npx tsx scripts/write-archive-schema.ts`
// rewrites that file, and a test fails when it is out of date.

import { z } from 'zod';
import { ARCHIVE_SCHEMA_VERSION, archiveDocumentSchema } from './schema.js';

export function archiveJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(archiveDocumentSchema, { target: 'draft-2020-12' }),
    title: `Parley AMA archive, schema version ${ARCHIVE_SCHEMA_VERSION}`,
  };
}

/** The file's text: pretty-printed, newline-terminated. */
export function renderArchiveJsonSchema(): string {
  return `${JSON.stringify(archiveJsonSchema(), null, 2)}\n`;
}
