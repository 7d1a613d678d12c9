import { renderArchiveForumPost } from '../bot/render/archive-post.js';
import { buildArchiveDocument } from '../archive/build.js';
import { parlioQuestions, parlioSession } from '../tests/unit/support/parlio.js';
const votes: Record<number, number> = { 3: 9, 7: 5, 12: 5, 1: 2 };
const qs = parlioQuestions().map((q) => ({ ...q, votes: votes[q.number] ?? 0 }));
const doc = buildArchiveDocument(parlioSession(), qs, { publishedAt: 0, generator: 'x' });
const b = renderArchiveForumPost(parlioSession(), doc, { archiveUrl: 'https://ama.example.org/archives/1/3' });
console.log(b.content.length); console.log(b.content);
