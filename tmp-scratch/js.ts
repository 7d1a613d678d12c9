import { z } from 'zod';
import { archiveDocumentSchema } from '../archive/schema.js';
console.log(JSON.stringify(z.toJSONSchema(archiveDocumentSchema, { target: 'draft-2020-12', io: 'input' }), null, 2).slice(0, 3000));
