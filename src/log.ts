// Structured JSON logs (pino). Message text and secrets are never logged by default.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, pretty = false): Logger {
  return pino({
    level,
    base: { service: 'dangjian-assistant' },
    redact: { paths: ['*.secret', '*.token', '*.accessToken', '*.appSecret', '*.url'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}

/** A logger that writes nothing, for tests and the console chat. */
export const silentLogger: Logger = pino({ level: 'silent' });
