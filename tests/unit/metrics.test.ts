import { describe, expect, it } from 'vitest';
import { countQuestionsAndAnswers, createMetrics } from '../../bot/metrics.js';
import type { AnswerInput, AskInput, AskResult, QuestionStore } from '../../storage/question-store.js';

// Metrics are per app, and questions and answers are counted where they are stored.

describe('createMetrics', () => {
  it('gives each app its own registry, so several can run in one process', async () => {
    const one = createMetrics();
    const two = createMetrics();
    one.interactionDone({ name: 'ask', outcome: 'refused', seconds: 0.2 });
    expect(await one.registry.getSingleMetricAsString('parley_interactions_total')).toContain('parley_interactions_total{command="ask",outcome="refused"} 1');
    expect(await two.registry.getSingleMetricAsString('parley_interactions_total')).not.toContain('outcome="refused"');
    expect(await one.registry.getSingleMetricAsString('parley_interaction_duration_seconds')).toContain(
      'parley_interaction_duration_seconds_bucket{le="0.25",command="ask"} 1',
    );
  });
});

describe('countQuestionsAndAnswers', () => {
  it('counts stored questions and given answers, not refusals or repeats, and keeps every other method', async () => {
    const results: AskResult[] = [
      { ok: true, sessionId: 1, channelId: '1', number: 1, status: 'pending', duplicate: false },
      { ok: true, sessionId: 1, channelId: '1', number: 1, status: 'pending', duplicate: true },
      { ok: false, reason: 'not-open', open: [] },
    ] as AskResult[];
    const store = {
      prefix: 'p',
      ask: async () => results.shift()!,
      answer: async (input: AnswerInput) => (input.number === 1 ? 'answered' : 'already-answered'),
      pendingCount: async function (this: { prefix: string }) {
        return this.prefix === 'p' ? 7 : 0;
      },
    } as unknown as QuestionStore;
    const metrics = createMetrics();
    const counted = countQuestionsAndAnswers(store, metrics);
    for (let i = 0; i < 3; i++) await counted.ask({} as AskInput);
    await counted.answer({ number: 1 } as AnswerInput);
    await counted.answer({ number: 2 } as AnswerInput);
    expect(await counted.pendingCount('g', 1)).toBe(7);
    expect(await metrics.registry.getSingleMetricAsString('parley_questions_asked_total')).toMatch(/parley_questions_asked_total 1$/);
    expect(await metrics.registry.getSingleMetricAsString('parley_answers_total')).toMatch(/parley_answers_total 1$/);
  });
});
