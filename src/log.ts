// Structured JSON logs (pino). Message text and secrets are never logged by default.
import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines to stdout (or stderr with toStderr, for the console chat whose stdout is the conversation). */
export function createLogger(level: string, pretty = false, toStderr = false): Logger {
  const options = {
    level,
    base: { service: 'dangjian-assistant' },
    redact: { paths: ['*.secret', '*.token', '*.accessToken', '*.appSecret', '*.url'], censor: '[redacted]' },
  };
  if (pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, destination: toStderr ? 2 : 1 } } });
  return toStderr ? pino(options, pino.destination(2)) : pino(options);
}

/** A logger that writes nothing, for tests and the console chat. */
export const silentLogger: Logger = pino({ level: 'silent' });
