import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArchiveJson } from '../../archive/json.js';
import { loadParlioFixture } from '../../scripts/parlio-fixture.js';

// `npm run demo` is the README's first command; running it here keeps it from rotting.

const run = promisify(execFile);
let outputDir: string | undefined;

afterAll(async () => {
  if (outputDir) await rm(outputDir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('replays the Parlio AMA and writes its archive', async () => {
    outputDir = await mkdtemp(join(tmpdir(), 'parley-demo-'));
    const { stdout } = await run('npx', ['tsx', 'scripts/demo.ts'], {
      env: { ...process.env, DEMO_OUTPUT_DIR: outputDir },
      timeout: 60_000,
    });
    const fixture = await loadParlioFixture();
    expect(stdout).toContain('Moderator ran /ama end');
    expect(stdout.match(/└ thread "Q\d+/g)).toHaveLength(15);

    const files = (await readdir(outputDir)).sort();
    expect(files.map((name) => name.split('.').pop())).toEqual(['html', 'json', 'md']);
    const doc = parseArchiveJson(await readFile(join(outputDir, files[1]!), 'utf8'));
    expect(doc.questions).toHaveLength(15);
    expect(doc.session.host).toEqual({ name: 'Salil Shetty', title: fixture.host.title });
    expect(doc.session.intro).toBe(fixture.intro);
    doc.questions.forEach((question, index) => {
      expect(question.text).toBe(fixture.questions[index]!.question);
      expect(question.answer.text).toBe(fixture.questions[index]!.answer);
      expect(question.asker.title).toBe(fixture.questions[index]!.askerTitle);
    });
    const html = await readFile(join(outputDir, files[0]!), 'utf8');
    expect(html).toContain('Unanswered questions have been hidden');
    expect(html).toContain('15 questions');
  });
});
