import { readFile } from 'node:fs/promises';
import { z } from 'zod';

// The 2015 Parlio Q&A with the Secretary General of Amnesty International, as structured in
// ../shared/fixtures: the model Parley's demo replays.

export const DEFAULT_FIXTURE = new URL('../../shared/fixtures/parlio-amnesty-2015.json', import.meta.url);

const fixtureSchema = z.object({
  source: z.string(),
  host: z.object({ title: z.string() }),
  intro: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  questions: z.array(z.object({ askerTitle: z.string().nullable(), question: z.string(), answer: z.string() })),
});

export type ParlioFixture = z.infer<typeof fixtureSchema>;

export async function loadParlioFixture(path: URL | string = process.env.PARLEY_FIXTURE ?? DEFAULT_FIXTURE): Promise<ParlioFixture> {
  return fixtureSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}
