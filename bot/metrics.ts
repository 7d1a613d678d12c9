// What operators can graph and alert on, in Prometheus's format (served at /metrics): how
// interactions end, questions and answers, how long jobs take and how often they fail, and how
// Discord's REST API answers, 429s included.
//
// Each app gets its own registry rather than prom-client's global one, so tests (and anything
// else) can run several apps in one process without their counts mixing or names clashing.
// The parts that produce events (router, store, workers, REST client) do not know about
// prom-client: the composition root passes them these small callbacks, or attaches the
// listeners below.

import type { Worker, Job } from 'bullmq';
import type { REST } from 'discord.js';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QuestionStore } from '../storage/question-store.js';

/** How an interaction ended, as the router sees it. */
export type InteractionOutcome = 'ok' | 'refused' | 'unavailable' | 'expired' | 'error';

export interface InteractionReport {
  /** "ask", "ama schedule", or "button:vote": what was used, never who or where. */
  name: string;
  outcome: InteractionOutcome;
  seconds: number;
}

// Interactions must answer within 3 s and jobs can wait on Discord's rate limits for longer.
const INTERACTION_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const interactions = new Counter({
    name: 'parley_interactions_total',
    help: 'Slash commands, buttons and modals handled, by what was used and how it ended.',
    labelNames: ['command', 'outcome'] as const,
    registers,
  });
  const interactionDuration = new Histogram({
    name: 'parley_interaction_duration_seconds',
    help: 'Time from receiving an interaction to its handler finishing.',
    labelNames: ['command'] as const,
    buckets: INTERACTION_BUCKETS,
    registers,
  });
  const questions = new Counter({ name: 'parley_questions_asked_total', help: 'Questions stored (not counting refusals or repeats).', registers });
  const answers = new Counter({ name: 'parley_answers_total', help: 'Questions answered by a host.', registers });
  const jobDuration = new Histogram({
    name: 'parley_job_duration_seconds',
    help: 'Time a job attempt ran, by queue, job and outcome (completed, retry, failed).',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  const jobFailures = new Counter({
    name: 'parley_job_failures_total',
    help: 'Failed job attempts; final="true" when no retry is left.',
    labelNames: ['queue', 'job', 'final'] as const,
    registers,
  });
  const discordResponses = new Counter({
    name: 'parley_discord_responses_total',
    help: "Discord REST responses, by method, route (ids replaced by :id) and HTTP status.",
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const discordRateLimits = new Counter({
    name: 'parley_discord_rate_limited_total',
    help: 'Discord REST 429 responses, by route and rate-limit scope.',
    labelNames: ['route', 'scope', 'global'] as const,
    registers,
  });

  return {
    registry,
    interactionDone({ name, outcome, seconds }: InteractionReport) {
      interactions.inc({ command: name, outcome });
      interactionDuration.observe({ command: name }, seconds);
    },
    questionAsked: () => questions.inc(),
    answerGiven: () => answers.inc(),
    jobDuration,
    jobFailures,
    discordResponses,
    discordRateLimits,
  };
}

export type ParleyMetrics = ReturnType<typeof createMetrics>;

/**
 * Times every job attempt of a worker from its worker events. A failed attempt with retries
 * left is "retry"; the last one, or one marked unrecoverable, is "failed".
 */
export function watchWorker<Name extends string>(worker: Worker<unknown, string, Name>, metrics: ParleyMetrics): void {
  const secondsOf = (job: Job) => (job.processedOn ? Math.max(0, Date.now() - job.processedOn) / 1_000 : 0);
  worker.on('completed', (job) => {
    metrics.jobDuration.observe({ queue: worker.name, job: job.name, outcome: 'completed' }, secondsOf(job));
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    metrics.jobDuration.observe({ queue: worker.name, job: job.name, outcome: final ? 'failed' : 'retry' }, secondsOf(job));
    metrics.jobFailures.inc({ queue: worker.name, job: job.name, final: String(final) });
  });
}

/**
 * The question store, counting questions stored and answers given whichever command, button or
 * modal caused them; every other method is the store's own (the wrapper inherits from it).
 */
export function countQuestionsAndAnswers(store: QuestionStore, metrics: ParleyMetrics): QuestionStore {
  const counted = Object.create(store) as QuestionStore;
  counted.ask = async (input) => {
    const result = await store.ask(input);
    if (result.ok && !result.duplicate) metrics.questionAsked();
    return result;
  };
  counted.answer = async (input) => {
    const outcome = await store.answer(input);
    if (outcome === 'answered') metrics.answerGiven();
    return outcome;
  };
  return counted;
}

/** Counts every REST response discord.js receives (jobs and interactions share one client). */
export function watchRest(rest: REST, metrics: ParleyMetrics): void {
  // Only the status and headers are read: with undici the listener shares the response's body
  // with discord.js itself, which must be the one to consume it.
  rest.on('response', (request, response) => {
    const route = request.route;
    metrics.discordResponses.inc({ method: request.method.toUpperCase(), route, status: String(response.status) });
    if (response.status === 429) {
      metrics.discordRateLimits.inc({
        route,
        scope: headerOf(response.headers, 'x-ratelimit-scope') ?? 'unknown',
        global: String(headerOf(response.headers, 'x-ratelimit-global') !== null),
      });
    }
  });
}

/** A Headers object (fetch's, or the undici package's own class) or a plain header record. */
function headerOf(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  if (headers && typeof headers === 'object') {
    const value = (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  }
  return null;
}
