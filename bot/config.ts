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

const port = z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number).pipe(z.number().max(65_535, 'must be a port number'));

/**
 * What a process does; `all` is one process doing everything (the default, and the demo).
 * `rest-proxy` is the one REST proxy that processes of a scaled deployment share (bot/rest-proxy.ts).
 */
export const ROLES = ['all', 'gateway', 'worker', 'web', 'rest-proxy'] as const;
export type Role = (typeof ROLES)[number];

const hostPort = /^([^\s:,]+):(\d{1,5})$/;

/** `host:port,host:port…` (spaces and a trailing comma allowed) as nodes; null when any is not host:port. */
export function parseRedisNodes(list: string): RedisNode[] | null {
  const nodes: RedisNode[] = [];
  for (const node of list.split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const match = hostPort.exec(node);
    if (!match) return null;
    nodes.push({ host: match[1]!, port: Number(match[2]) });
  }
  return nodes.length > 0 ? nodes : null;
}

const configSchema = z.object({
  DISCORD_TOKEN: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(DISCORD_API),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEV_GUILD_ID: optionalString.pipe(snowflake.optional()),
  /** Prefix of every Redis key and BullMQ queue, so several deployments (or tests) share one Redis. */
  PARLEY_KEY_PREFIX: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1–32 of a-z, 0-9 and -').default('parley'),
  /** The HTTP side (archive pages, /healthz, /metrics) listens here; off when unset. 0 picks a free port (tests). */
  HTTP_PORT: optionalString.pipe(port.optional()),
  /** Where readers reach the HTTP side, e.g. https://ama.example.org; archive messages link there. */
  PUBLIC_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  /**
   * How long a worker's hold on a running job lasts before another worker may take the job over
   * (BullMQ's lockDuration). A crashed worker's job is picked up again after about this long.
   */
  JOB_LOCK_MS: optionalString.pipe(
    z.string().regex(/^\d{3,6}$/, 'must be milliseconds (1000–600000)').transform(Number).pipe(z.number().min(1_000, 'must be at least 1000').max(600_000)).optional(),
  ),
  /** Which parts this process runs: gateway (interactions), worker (jobs), web (HTTP side), or all. */
  PARLEY_ROLE: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).default('all'),
  /**
   * Gateway shards. Unset: one process, one shard. A number or `auto` (Discord's recommendation):
   * the gateway role runs discord.js's ShardingManager, one child process per shard.
   */
  SHARD_COUNT: optionalString.pipe(
    z
      .union([z.literal('auto'), z.string().regex(/^0*[1-9]\d{0,3}$/).transform(Number)], { error: 'must be a number of shards (1–9999) or auto' })
      .optional(),
  ),
  /** Redis Cluster seed nodes, e.g. `10.0.0.1:6379,10.0.0.2:6379`; when set, REDIS_URL is not used. */
  REDIS_CLUSTER_NODES: optionalString.pipe(
    z
      .string()
      .transform((value, ctx) => {
        const nodes = parseRedisNodes(value);
        if (nodes === null) ctx.addIssue({ code: 'custom', message: 'must be host:port pairs separated by commas' });
        return nodes ?? z.NEVER;
      })
      .optional(),
  ),
  /** Set by discord.js's ShardingManager in the shard processes it starts. */
  SHARDING_MANAGER: optionalString,
  /** …and the shard ids this process runs (a JSON array, as discord.js's Client reads it). */
  SHARDS: optionalString,
  /**
   * The bot's global REST limit: Discord's default is 50 requests/s; Discord raises it for large
   * bots on request. Job workers (or the REST proxy in front of them) keep to it.
   */
  DISCORD_GLOBAL_REQUESTS_PER_SECOND: optionalString.pipe(
    z.string().regex(/^\d{1,5}$/, 'must be a whole number of requests per second').transform(Number).pipe(z.number().min(1, 'must be at least 1')).optional(),
  ),
  /** PARLEY_ROLE=rest-proxy listens here; see bot/rest-proxy.ts. */
  REST_PROXY_PORT: optionalString.pipe(port.optional()),
});

export interface RedisNode {
  host: string;
  port: number;
}

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
  role: Role;
  /** undefined: no ShardingManager, the client connects as a single shard. */
  shardCount: number | 'auto' | undefined;
  /** This process is one shard started by the ShardingManager (which then set SHARD_COUNT). */
  isShardProcess: boolean;
  /** The shard ids given by the ShardingManager, as written (for logs; discord.js reads them itself). */
  shardIds: string | undefined;
  /** Set when Parley runs on Redis Cluster (then redisUrl is ignored). */
  redisClusterNodes: RedisNode[] | undefined;
  restProxyPort: number;
  globalRequestsPerSecond: number;
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
  const conflicts = [
    c.PARLEY_ROLE === 'web' && c.HTTP_PORT === undefined ? 'PARLEY_ROLE=web needs HTTP_PORT' : null,
    // Each shard is a child process running this same build; only the gateway may be multiplied.
    c.SHARD_COUNT !== undefined && c.PARLEY_ROLE !== 'gateway' ? 'SHARD_COUNT needs PARLEY_ROLE=gateway (run workers and web as their own processes)' : null,
  ].filter((problem) => problem !== null);
  if (conflicts.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${conflicts.join('\n  - ')}`);
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
    role: c.PARLEY_ROLE,
    shardCount: c.SHARD_COUNT,
    isShardProcess: c.SHARDING_MANAGER === 'true',
    shardIds: c.SHARDS,
    redisClusterNodes: c.REDIS_CLUSTER_NODES,
    restProxyPort: c.REST_PROXY_PORT ?? 8080,
    globalRequestsPerSecond: c.DISCORD_GLOBAL_REQUESTS_PER_SECOND ?? 50,
  };
}
