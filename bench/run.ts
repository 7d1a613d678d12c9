// `npm run bench`: every benchmark in its own process, one after the other (they share the
// machine, so never at once), then one table with each target, printed and written with the
// machine's description to bench/results.json. `--readme` also puts the table in README.md
// (between the bench markers). `--quick` runs smaller versions (a smoke test, not figures to
// publish); `--only=intake,memory` runs some; `--from-results` only remakes the table from
// bench/results.json. Needs Redis (REDIS_URL, default 127.0.0.1:6379).
//
// Bounded: each benchmark has a time limit; the whole run takes about 7 minutes.

import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { testRedis } from '../tests/support/redis.js';
import type { ArchiveRenderResult } from './archive-render.js';
import type { HostQueueResult } from './host-queue.js';
import type { IntakeResult } from './intake.js';
import { machineInfo, type MachineInfo } from './lib/machine.js';
import { flag, RESULT_MARKER } from './lib/main.js';
import { linearFit, round } from './lib/stats.js';
import type { MemoryResult } from './memory.js';
import type { RedisCostResult } from './redis-cost.js';
import type { ScalingConfiguration, ScalingRun, WorkerScalingResult } from './worker-scaling.js';

interface LatenessRow {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface LatenessResult {
  sessions: number;
  spreadMs: number;
  opens: LatenessRow;
  closes: LatenessRow;
  archives: LatenessRow;
}

/** One line of the summary: a measure, Parley's figure beside its floor's, and the target. */
export interface SummaryRow {
  benchmark: string;
  measure: string;
  parley: string;
  floor: string;
  target: string;
  met: 'yes' | 'no' | '—';
}

interface Results {
  machine: MachineInfo & { loadAverageAtEnd: number };
  command: string;
  summary: SummaryRow[];
  results: Record<string, unknown>;
  failures: Record<string, string>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = flag('quick') !== undefined;
const only = flag('only')?.split(',');
const wanted = (name: string) => !only || only.includes(name);

async function main(): Promise<void> {
  if (flag('from-results') !== undefined) return retable();
  const redis = testRedis();
  const machine = await machineInfo(redis);
  await redis.quit();
  console.error(`Parley benchmarks on ${machine.cpu} (${machine.cores} cores, ${machine.ramGb} GB), Node ${machine.node}, Redis ${machine.redis}; load ${machine.loadAverageAtStart}`);

  const results: Record<string, unknown> = {};
  const failures: Record<string, string> = {};
  // `group`: the --only name a run answers to (the archive's per-size runs answer to `archive`).
  const run = async (name: string, args: string[], limitMs: number, parse: (stdout: string) => unknown = markedResult, group = name): Promise<void> => {
    if (!wanted(group)) return;
    const started = Date.now();
    try {
      results[name] = parse(await runScript(args, limitMs));
    } catch (error) {
      failures[name] = error instanceof Error ? error.message : String(error);
      console.error(`✗ ${name}: ${failures[name]}`);
    }
    console.error(`… ${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
  };
  const q = quick ? ['--quick'] : [];

  await run('redis', ['bench/redis-cost.ts', ...q], 4 * 60_000);
  await run('queue', ['bench/host-queue.ts', ...q], 4 * 60_000);
  if (wanted('archive')) {
    // bench/archive-render.ts renders one size per process, so each peak memory is its own.
    const rows: ArchiveRenderResult[] = [];
    for (const size of quick ? [1_000, 5_000] : [1_000, 10_000, 50_000]) {
      await run(`archive-${size}`, ['bench/archive-render.ts', String(size)], 3 * 60_000, lastJsonLine, 'archive');
      if (results[`archive-${size}`]) rows.push(results[`archive-${size}`] as ArchiveRenderResult);
      delete results[`archive-${size}`];
    }
    results.archive = rows;
  }
  await run('intake', ['bench/intake.ts', ...q], 8 * 60_000);
  await run('memory', ['bench/memory.ts', ...q], 5 * 60_000);
  // bench/job-lateness.ts (scheduling) prints its figures as its last JSON line.
  await run('timing', ['bench/job-lateness.ts', ...(quick ? ['--sessions', '20'] : [])], 3 * 60_000, lastJsonLine);
  await run('scaling', ['bench/worker-scaling.ts', ...q], 3 * 60_000);

  const summary = summarize(results);
  const document: Results = {
    machine: { ...machine, loadAverageAtEnd: round((await import('node:os')).loadavg()[0]!, 2) },
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    summary,
    results,
    failures,
  };
  const table = markdownTable(summary, document.machine, quick);
  console.log(`\n${table}`);
  if (!quick && !only) await writeFile(new URL('results.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
  else console.error('(a --quick or --only run: bench/results.json left as it was)');
  if (flag('readme') !== undefined) await updateReadme(table);
}

/** `--from-results`: the table again from bench/results.json (after changing the summary), no runs. */
async function retable(): Promise<void> {
  const path = new URL('results.json', import.meta.url);
  const document = JSON.parse(await readFile(path, 'utf8')) as Results;
  document.summary = summarize(document.results);
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  const table = markdownTable(document.summary, document.machine, false);
  console.log(table);
  if (flag('readme') !== undefined) await updateReadme(table);
}

function runScript(args: string[], limitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs + 10_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${args[0]} exited with ${code ?? signal}${stdout ? `: ${stdout.trim().split('\n').at(-1)}` : ''}`));
    });
  });
}

function markedResult(stdout: string): unknown {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (!line) throw new Error('no result printed');
  return JSON.parse(line.slice(RESULT_MARKER.length));
}

function lastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error('no JSON line printed');
  return JSON.parse(line);
}

const met = (ok: boolean | null): SummaryRow['met'] => (ok === null ? '—' : ok ? 'yes' : 'no');

function summarize(results: Record<string, unknown>): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const intake = results.intake as IntakeResult | undefined;
  if (intake) {
    const at = (steps: IntakeResult['floor']['steps'], rate: number) => steps.find((s) => s.offeredPerSecond === rate);
    const p500 = at(intake.parley.steps, 500);
    const f500 = at(intake.floor.steps, 500);
    rows.push({
      benchmark: 'Question intake',
      measure: '/ask per second, p99 ≤ 100 ms',
      parley: `${intake.parley.maxPerSecond}/s`,
      floor: `${intake.floor.maxPerSecond}/s`,
      target: '≥ 80% of floor',
      met: met(intake.throughputRatio >= 0.8),
    });
    rows.push({
      benchmark: 'Question intake',
      measure: 'ack latency at 500/s, p50 / p99 / p99.9',
      parley: p500 ? `${p500.latencyMs.p50} / ${p500.latencyMs.p99} / ${p500.latencyMs.p999} ms` : 'n/a',
      floor: f500 ? `${f500.latencyMs.p50} / ${f500.latencyMs.p99} / ${f500.latencyMs.p999} ms` : 'n/a',
      target: 'p99 < 50 ms',
      met: met(p500 ? p500.latencyMs.p99 < 50 && p500.unacknowledged === 0 && p500.notAccepted === 0 : false),
    });
    rows.push({
      benchmark: 'Question intake',
      measure: 'bot CPU per /ask at 500/s',
      parley: p500 ? `${p500.botCpuMsPerAck} ms` : 'n/a',
      floor: f500 ? `${f500.botCpuMsPerAck} ms` : 'n/a',
      target: '—',
      met: '—',
    });
  }
  const redis = results.redis as RedisCostResult | undefined;
  if (redis) {
    rows.push({
      benchmark: 'Redis cost',
      measure: 'round trips per /ask (commands)',
      parley: `${redis.ask.roundTrips} (${Object.keys(redis.ask.byCommand).join(', ')})`,
      floor: '0',
      target: '1',
      met: met(redis.ask.roundTrips <= 1),
    });
    rows.push({ benchmark: 'Redis cost', measure: 'bytes per /ask, out / in', parley: `${redis.ask.bytesOut} / ${redis.ask.bytesIn} B`, floor: '0', target: '—', met: '—' });
    rows.push({
      benchmark: 'Redis cost',
      measure: 'round trips to post a question (job)',
      parley: `${redis.post.roundTrips}`,
      floor: '—',
      target: '—',
      met: '—',
    });
    rows.push({
      benchmark: 'Redis cost',
      measure: 'Redis memory per stored question',
      parley:
        `${redis.memory.questionBytes} B (+ job ${redis.memory.jobBytes} B for 1 h, + delivery record ${redis.memory.deliveryRecordBytes} B for 15 min; ` +
        `duplicate index ${Math.round((redis.memory.duplicateIndexBytes ?? 0) / 1024)} KB per session at ${redis.questions} waiting)`,
      floor: '—',
      target: '—',
      met: '—',
    });
    const script = (pending: number) => redis.askScript.find((row) => row.pending === pending);
    rows.push({
      benchmark: 'Redis cost',
      measure: 'ask script p50 with 0 / 500 / 2,000 waiting',
      parley: [0, 500, 2_000].map((n) => script(n)?.p50Ms ?? 'n/a').join(' / ') + ' ms',
      floor: `${redis.pingMs} ms (PING)`,
      target: '—',
      met: '—',
    });
  }
  const archive = results.archive as ArchiveRenderResult[] | undefined;
  if (archive && archive.length > 0) {
    const total = (row: ArchiveRenderResult) => row.buildMs + row.markdownMs + row.htmlMs + row.jsonMs;
    const fit = linearFit(
      archive.map((row) => row.questions),
      archive.map(total),
    );
    // Linear: on a straight line, and the largest size costs no more per question than the others.
    const perQuestion = archive.map((row) => total(row) / row.questions);
    const growth = round(perQuestion.at(-1)! / Math.min(...perQuestion.slice(0, -1)), 2);
    for (const row of archive) {
      rows.push({
        benchmark: 'Archive',
        measure: `${row.questions.toLocaleString('en')} answered: build + Markdown + HTML + JSON, peak RSS`,
        parley: `${row.buildMs} + ${row.markdownMs} + ${row.htmlMs} + ${row.jsonMs} = ${total(row)} ms, ${row.peakRssMb} MB`,
        floor: '—',
        target: row.questions === 10_000 ? '< 1 s' : '—',
        met: row.questions === 10_000 ? met(total(row) < 1_000) : '—',
      });
    }
    rows.push({
      benchmark: 'Archive',
      measure: 'growth: R² of a straight line; ms per question at each size',
      parley: `R² ${round(fit.r2, 4)}; ${perQuestion.map((value) => round(value, 2)).join(' / ')} ms`,
      floor: '—',
      target: 'linear',
      met: met(fit.r2 >= 0.98 && growth <= 1.25),
    });
  }
  const queue = results.queue as HostQueueResult | undefined;
  if (queue) {
    for (const [label, stats] of Object.entries(queue.timings)) {
      rows.push({
        benchmark: `Host's queue (${queue.pending.toLocaleString('en')} waiting)`,
        measure: `${label}, p50 / p99`,
        parley: `${stats.p50} / ${stats.p99} ms`,
        floor: '—',
        target: 'p99 < 10 ms',
        met: met(stats.p99 < 10),
      });
    }
  }
  const timing = results.timing as LatenessResult | undefined;
  if (timing) {
    for (const [label, row] of [
      ['open', timing.opens],
      ['close', timing.closes],
      ['archive posted', timing.archives],
    ] as const) {
      rows.push({
        benchmark: `Timing (${timing.sessions} sessions)`,
        measure: `${label} after its due time, p50 / p99 / max`,
        parley: `${row.p50} / ${row.p99} / ${row.max} ms`,
        floor: '—',
        target: '—',
        met: '—',
      });
    }
  }
  const scaling = results.scaling as WorkerScalingResult | undefined;
  if (scaling) rows.push(...scalingRows(scaling));
  const memory = results.memory as MemoryResult | undefined;
  if (memory) {
    rows.push({ benchmark: 'Memory', measure: 'RSS idle (after GC)', parley: `${memory.parley.idle.rssMb} MB`, floor: `${memory.floor.idle.rssMb} MB`, target: '—', met: '—' });
    rows.push({
      benchmark: 'Memory',
      measure: `RSS after ${memory.parley.questions.toLocaleString('en')} questions (after GC)`,
      parley: `${memory.parley.after.rssMb} MB (heap ${memory.parley.after.heapUsedMb} MB)`,
      floor: `${memory.floor.after.rssMb} MB (heap ${memory.floor.after.heapUsedMb} MB)`,
      target: '—',
      met: '—',
    });
    if (memory.parley.caches) {
      rows.push({
        benchmark: 'Memory',
        measure: 'discord.js caches after them (users, members, channels, messages)',
        parley: Object.values(memory.parley.caches).join(', '),
        floor: '—',
        target: 'what Parley needs',
        met: '—',
      });
    }
  }
  return rows;
}

/** One worker process against three: the shared limit held, what CPU buys when it is raised, and no double posts. */
function scalingRows(scaling: WorkerScalingResult): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const runs = scaling.configurations.flatMap((configuration) => configuration.runs);
  const across = (configuration: ScalingConfiguration, show: (run: ScalingRun) => string, separator = ' → ') => configuration.runs.map(show).join(separator);
  const cpu = (run: ScalingRun) => {
    const c = run.cpuSecondsPer1kJobs;
    return `${c.workers ?? 'n/a'} / ${c.proxy ?? 'n/a'} / ${c.standIn} / ${c.redis} s`;
  };
  for (const configuration of scaling.configurations) {
    const [one, three] = [configuration.runs[0]!, configuration.runs.at(-1)!];
    const jobs = `${one.jobs.toLocaleString('en')} jobs`;
    if (configuration.name === 'shared') {
      rows.push({
        benchmark: `Worker scaling (one REST proxy, ${configuration.requestsPerSecond} req/s)`,
        measure: `question posts per second, steady, ${one.workers} → ${three.workers} worker processes (${jobs})`,
        parley: `${across(configuration, (run) => `${run.steadyJobsPerSecond}/s`)} (whole run ${across(configuration, (run) => String(run.jobsPerSecond), ' → ')}/s)`,
        floor: '—',
        target: `together ≤ ${configuration.requestsPerSecond}/s`,
        // 5% for the straight line fitted through the limiter's 1-s steps.
        met: met(three.steadyJobsPerSecond <= configuration.requestsPerSecond * 1.05),
      });
    } else {
      rows.push({
        benchmark: `Worker scaling (limit raised to ${configuration.requestsPerSecond.toLocaleString('en')} req/s)`,
        measure: `question posts per second, ${one.workers} → ${three.workers} worker processes (${jobs}); cores busy with them (whole machine)`,
        parley:
          `${one.jobsPerSecond} → ${three.jobsPerSecond}/s (×${configuration.speedup}); ` +
          `${one.coresBusy} (${one.machineCoresBusy ?? 'n/a'}) → ${three.coresBusy} (${three.machineCoresBusy ?? 'n/a'}) cores`,
        floor: '—',
        target: '—',
        met: '—',
      });
      rows.push({
        benchmark: `Worker scaling (limit raised to ${configuration.requestsPerSecond.toLocaleString('en')} req/s)`,
        measure: `CPU per 1,000 jobs, ${one.workers} → ${three.workers} workers: workers / proxy / stand-in / Redis`,
        parley: across(configuration, cpu),
        floor: '—',
        target: '—',
        met: '—',
      });
    }
  }
  const duplicates = runs.reduce((sum, run) => sum + run.posted.duplicates, 0);
  const missing = runs.reduce((sum, run) => sum + run.posted.missing, 0);
  rows.push({
    benchmark: 'Worker scaling',
    measure: `every question posted exactly once, all ${runs.length} runs: duplicates / missing`,
    parley: `${duplicates} / ${missing}`,
    floor: '—',
    target: '0 / 0',
    met: met(duplicates === 0 && missing === 0),
  });
  return rows;
}

function markdownTable(rows: SummaryRow[], machine: Results['machine'], quickRun: boolean): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const lines = [
    `Measured ${machine.date.slice(0, 10)} on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}; ` +
      `Node ${machine.node}, Redis ${machine.redis}; 1-minute load average ${machine.loadAverageAtStart} at the start, ${machine.loadAverageAtEnd} at the end` +
      `${quickRun ? ' (--quick: smaller runs, not for publishing)' : ''}.`,
    '',
    '| Benchmark | Measure | Parley | Floor | Target | Met |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${[row.benchmark, row.measure, row.parley, row.floor, row.target, row.met].map(escape).join(' | ')} |`),
  ];
  return lines.join('\n');
}

const BEGIN = '<!-- bench:begin (npm run bench -- --readme writes between these lines) -->';
const END = '<!-- bench:end -->';

async function updateReadme(table: string): Promise<void> {
  const path = new URL('../README.md', import.meta.url);
  const readme = await readFile(path, 'utf8');
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin === -1 || end === -1) throw new Error('README.md has no bench markers');
  await writeFile(path, `${readme.slice(0, begin + BEGIN.length)}\n${table}\n${readme.slice(end)}`);
  console.error('README.md updated');
}

await main();
