// Rewrites archive/archive.schema.json from the zod schema: `npx tsx scripts/write-archive-schema.ts`.

import { writeFile } from 'node:fs/promises';
import { renderArchiveJsonSchema } from '../archive/json-schema.js';

const target = new URL('../archive/archive.schema.json', import.meta.url);
await writeFile(target, renderArchiveJsonSchema());
console.log(`wrote ${target.pathname}`);
