// The archive as JSON: the document itself, checked against the schema on the way out (so a
// published file always reads back) and on the way in.

import { z } from 'zod';
import { ARCHIVE_SCHEMA_VERSION, archiveDocumentSchema, type ArchiveDocument } from './schema.js';

/** Pretty-printed, newline-terminated. @throws when the document does not match the schema. */
export function renderArchiveJson(doc: ArchiveDocument): string {
  return `${JSON.stringify(archiveDocumentSchema.parse(doc), null, 2)}\n`;
}

/** @throws Error saying what is wrong when the text is not JSON or not an archive document. */
export function parseArchiveJson(text: string): ArchiveDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`Archive file is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const result = archiveDocumentSchema.safeParse(data);
  if (!result.success) {
    const problems = z.prettifyError(result.error);
    throw new Error(`Archive file does not match the archive schema (version ${ARCHIVE_SCHEMA_VERSION}):\n${problems}`, {
      cause: result.error,
    });
  }
  return result.data;
}
