import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArchiveDocument } from '../../archive/build.js';
import { ARCHIVE_CONTENT_SECURITY_POLICY } from '../../archive/html.js';
import { parseArchiveJson } from '../../archive/json.js';
import { createArchivePages } from '../../bot/http/archive-pages.js';
import { archiveRoute, healthRoute, metricsRoute } from '../../bot/http/routes.js';
import { startHttpServer, type RunningHttpServer } from '../../bot/http/server.js';
import { createLogger } from '../../bot/logger.js';
import { createMetrics } from '../../bot/metrics.js';
import type { Session } from '../../storage/model.js';
import { GUILD_ID, parlioQuestions, parlioSession } from './support/parlio.js';

// The HTTP side over a real socket, with storage replaced by plain data: which paths answer,
// with what headers, and that nothing unpublished or malformed gets through.

const published = parlioSession({ archiveMessageId: '900000000000000001' });
const sessions = new Map<string, Session>([
  [`${GUILD_ID}:3`, published],
  [`${GUILD_ID}:4`, parlioSession({ id: 4, archiveMessageId: null })],
  [`${GUILD_ID}:5`, parlioSession({ id: 5, status: 'open', closedAt: null, archiveMessageId: null })],
]);
let reads = 0;
const health = { redis: true, gateway: true };
const metrics = createMetrics();
let server: RunningHttpServer;

beforeAll(async () => {
  const pages = createArchivePages({
    sessions: {
      get: async (guildId, sessionId) => {
        reads += 1;
        return sessions.get(`${guildId}:${sessionId}`) ?? null;
      },
    },
    questions: { answered: async () => parlioQuestions(), askedTimes: async () => parlioQuestions().map((entry) => entry.askedAt) },
    generator: 'Parley test',
    publicBaseUrl: 'https://ama.example.org',
  });
  server = await startHttpServer({
    port: 0,
    log: createLogger('silent'),
    routes: [
      archiveRoute(pages),
      healthRoute({ redisAnswers: async () => health.redis, gatewayConnected: () => health.gateway }),
      metricsRoute(metrics.registry),
      { path: /^\/boom$/, handle: () => Promise.reject(new Error('kaboom')) },
    ],
  });
});

afterAll(async () => {
  await server.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

describe('archive pages', () => {
  it('serves a published archive as HTML, with the page’s CSP as a header too', async () => {
    const response = await get(`/archives/${GUILD_ID}/3`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(`${ARCHIVE_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${ARCHIVE_CONTENT_SECURITY_POLICY}">`);
    expect(html).toContain(`<meta property="og:url" content="https://ama.example.org/archives/${GUILD_ID}/3">`);
    expect(html).toContain('<p class="count">15 questions</p>');
  });

  it('serves the same archive as Markdown and as JSON that reads back', async () => {
    const markdown = await get(`/archives/${GUILD_ID}/3.md`);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.headers.get('content-security-policy')).toContain('sandbox');
    expect(await markdown.text()).toMatch(/^# AMA with Salil Shetty/);
    const json = await get(`/archives/${GUILD_ID}/3.json`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const doc = parseArchiveJson(await json.text());
    const expected = buildArchiveDocument(published, parlioQuestions(), {
      publishedAt: published.closedAt!,
      generator: 'Parley test',
      askedTimes: parlioQuestions().map((entry) => entry.askedAt),
    });
    expect(doc).toEqual(expected);
  });

  it('answers 304 to a reader who has the page, and HEAD without a body', async () => {
    const first = await get(`/archives/${GUILD_ID}/3`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(`/archives/${GUILD_ID}/3`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const head = await get(`/archives/${GUILD_ID}/3`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await head.text()).toBe('');
  });

  it('keeps a rendering for a while instead of reading Redis for every reader', async () => {
    const before = reads;
    await Promise.all([1, 2, 3].map(() => get(`/archives/${GUILD_ID}/3.json`)));
    expect(reads - before).toBeLessThanOrEqual(1);
  });

  it('is 404 for unpublished, open and unknown sessions, and for malformed paths', async () => {
    const paths = [
      `/archives/${GUILD_ID}/4`, // closed, archive not yet published
      `/archives/${GUILD_ID}/5`, // still open
      `/archives/${GUILD_ID}/6`,
      '/archives/100000000000000009/3', // another server
      `/archives/${GUILD_ID}/03`,
      `/archives/${GUILD_ID}/0`,
      `/archives/${GUILD_ID}/3.txt`,
      `/archives/${GUILD_ID}/3/`,
      `/archives/${GUILD_ID}/3.html`,
      '/archives/1234/3',
      `/archives/${GUILD_ID}%2F3`,
      `/archives/${GUILD_ID}/3%00`,
      '/archives/{1}/3',
      '/',
      '/archives',
    ];
    for (const path of paths) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    }
  });

  it('takes only GET and HEAD', async () => {
    const response = await get(`/archives/${GUILD_ID}/3`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers a failing route with 500 and a reference, never the error itself', async () => {
    const response = await get('/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toMatch(/^Something went wrong \(reference [\w-]+\)\.\n$/);
    expect(text).not.toContain('kaboom');
  });
});

describe('/healthz', () => {
  it('is ready only when Redis answers and the gateway is connected', async () => {
    for (const [redis, gateway, status] of [
      [true, true, 200],
      [false, true, 503],
      [true, false, 503],
    ] as const) {
      Object.assign(health, { redis, gateway });
      const response = await get('/healthz');
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ status: status === 200 ? 'ready' : 'not ready', checks: { redis, gateway } });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    Object.assign(health, { redis: true, gateway: true });
  });
});

describe('/metrics', () => {
  it('is in Prometheus text format', async () => {
    metrics.interactionDone({ name: 'ask', outcome: 'ok', seconds: 0.01 });
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE parley_interactions_total counter');
    expect(text).toContain('parley_interactions_total{command="ask",outcome="ok"} 1');
    expect(text).toContain('process_cpu_seconds_total');
  });
});
