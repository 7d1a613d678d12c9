import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

// The bot token must never reach a log line, wherever it hides in a logged object.
const REDACTED_PATHS = [
  'token',
  '*.token',
  'config.discordToken',
  'discordToken',
  'headers.authorization',
  '*.headers.authorization',
  'interaction.token',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'parley' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/**
 * discord.js REST errors carry the whole request body (files, answers, members' questions), and
 * ioredis errors the command with its arguments (a Lua script and a question's text). Logs keep
 * the method, URL, status and the error itself, not the content.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (serialized && typeof serialized === 'object') {
    delete serialized.requestBody;
    if (serialized.command && typeof serialized.command === 'object') {
      serialized.command = { name: (serialized.command as { name?: unknown }).name };
    }
  }
  return serialized;
}
