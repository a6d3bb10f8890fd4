// Structured JSON logs (pino). Message text and secrets are never logged by default.
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines to stdout (or stderr with toStderr, for the console chat whose stdout is the
 * conversation). Always plain JSON, also in a terminal: start-up must not depend on an optional
 * pretty-printer (pipe through `npx pino-pretty` to read them nicer).
 */
export function createLogger(level: string, toStderr = false): Logger {
  const options = {
    level,
    base: { service: 'dangjian-assistant' },
    redact: { paths: ['*.secret', '*.token', '*.accessToken', '*.appSecret', '*.url'], censor: '[redacted]' },
  };
  return toStderr ? pino(options, pino.destination(2)) : pino(options);
}

/** A logger that writes nothing, for tests and the console chat. */
export const silentLogger: Logger = pino({ level: 'silent' });
