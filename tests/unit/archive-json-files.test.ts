import { describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { renderArchiveFiles } from '../../archive/files.js';
import { renderArchiveHtml } from '../../archive/html.js';
import { parseArchiveJson, renderArchiveJson } from '../../archive/json.js';
import { renderArchiveMarkdown } from '../../archive/markdown.js';
import type { ArchiveDocument } from '../../archive/schema.js';
import { parlioQuestions, parlioSession } from './support/parlio.js';

const doc = buildArchiveDocument(parlioSession(), parlioQuestions(), {
  publishedAt: Date.parse('2015-10-09T10:00:00Z'),
  generator: 'Parley 0.1.0',
});

describe('renderArchiveJson / parseArchiveJson', () => {
  it('round-trips the document', () => {
    const json = renderArchiveJson(doc);
    expect(parseArchiveJson(json)).toEqual(doc);
    expect(json.startsWith('{\n  "schemaVersion": 1,\n  "generator": "Parley 0.1.0",')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('refuses to write a document the schema rejects', () => {
    const broken = { ...doc, publishedAt: 'yesterday' } as ArchiveDocument;
    expect(() => renderArchiveJson(broken)).toThrow();
  });

  it('says clearly when the text is not JSON', () => {
    expect(() => parseArchiveJson('{"schemaVersion": 1,')).toThrow(/^Archive file is not valid JSON: /);
  });

  it('says clearly what does not match the schema, and where', () => {
    const wrong = JSON.parse(renderArchiveJson(doc)) as { questions: Array<{ votes: unknown }> };
    wrong.questions[0]!.votes = 'many';
    let message = '';
    try {
      parseArchiveJson(JSON.stringify(wrong));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Archive file does not match the archive schema \(version 1\):/);
    expect(message).toContain('questions[0].votes');
  });

  it('rejects a future schema version', () => {
    expect(() => parseArchiveJson(JSON.stringify({ ...doc, schemaVersion: 2 }))).toThrow(/schemaVersion/);
  });
});

describe('renderArchiveFiles', () => {
  it('names Markdown, HTML and JSON files after the session id and title', () => {
    const files = renderArchiveFiles(doc);
    expect(files.map(({ name, contentType }) => ({ name, contentType }))).toEqual([
      { name: 'ama-3-secretary-general-of-amnesty-international.md', contentType: 'text/markdown; charset=utf-8' },
      { name: 'ama-3-secretary-general-of-amnesty-international.html', contentType: 'text/html; charset=utf-8' },
      { name: 'ama-3-secretary-general-of-amnesty-international.json', contentType: 'application/json; charset=utf-8' },
    ]);
    expect(files.map((file) => file.data)).toEqual([renderArchiveMarkdown(doc), renderArchiveHtml(doc), renderArchiveJson(doc)]);
  });

  it('keeps file names safe whatever the title', () => {
    const hostile = { ...doc, session: { ...doc.session, title: '../../<script>/ ..\\evil' } };
    for (const file of renderArchiveFiles(hostile)) expect(file.name).toMatch(/^ama-3-[a-z0-9-]+\.(md|html|json)$/);
  });
});
