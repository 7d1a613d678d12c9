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
    },
    destination,
  );
}
