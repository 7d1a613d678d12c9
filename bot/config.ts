import { z } from 'zod';

// Parley's whole configuration, parsed once at start-up from the environment. Nothing else reads
// process.env, so tests build a config from a plain object and modules never fail on import.

const DISCORD_API = 'https://discord.com/api';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const configSchema = z.object({
  DISCORD_TOKEN: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(DISCORD_API),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEV_GUILD_ID: optionalString.pipe(snowflake.optional()),
  /** Prefix of every Redis key and BullMQ queue, so several deployments (or tests) share one Redis. */
  PARLEY_KEY_PREFIX: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1–32 of a-z, 0-9 and -').default('parley'),
  /** The HTTP side (archive pages, /healthz, /metrics) listens here; off when unset. 0 picks a free port (tests). */
  HTTP_PORT: optionalString.pipe(
    z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number).pipe(z.number().max(65_535, 'must be a port number')).optional(),
  ),
  /** Where readers reach the HTTP side, e.g. https://ama.example.org; archive messages link there. */
  PUBLIC_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  /**
   * How long a worker's hold on a running job lasts before another worker may take the job over
   * (BullMQ's lockDuration). A crashed worker's job is picked up again after about this long.
   */
  JOB_LOCK_MS: optionalString.pipe(
    z.string().regex(/^\d{3,6}$/, 'must be milliseconds (1000–600000)').transform(Number).pipe(z.number().min(1_000, 'must be at least 1000').max(600_000)).optional(),
  ),
});

export interface Config {
  discordToken: string;
  discordApiUrl: string;
  redisUrl: string;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  devGuildId: string | undefined;
  keyPrefix: string;
  httpPort: number | undefined;
  /** No trailing slash. */
  publicBaseUrl: string | undefined;
  jobLockMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the environment; the error names every missing or invalid variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const c = parsed.data;
  return {
    discordToken: c.DISCORD_TOKEN,
    discordApiUrl: c.DISCORD_API_URL.replace(/\/+$/, ''),
    redisUrl: c.REDIS_URL,
    logLevel: c.LOG_LEVEL,
    devGuildId: c.DEV_GUILD_ID,
    keyPrefix: c.PARLEY_KEY_PREFIX,
    httpPort: c.HTTP_PORT,
    publicBaseUrl: c.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    jobLockMs: c.JOB_LOCK_MS ?? 30_000,
  };
}
