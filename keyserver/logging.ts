// Structured logs (Fastify's pino), one JSON object a line. Bodies are never logged; the paths
// below are redacted as a second line of defence, should a body or secret ever reach a log call.
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config';

export interface KeyServerLogging {
  level: LogLevel;
  /** Where the lines go; standard output by default. */
  destination?: NodeJS.WritableStream;
}

const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'body',
  'signature',
  'envelope',
  'contentKey',
  'masterKey',
  'privateKey',
  '*.signature',
  '*.envelope',
  '*.contentKey',
  '*.masterKey',
  '*.privateKey',
  '*.*.signature',
  '*.*.envelope',
];

export function loggerOptions(logging: KeyServerLogging): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: logging.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    ...(logging.destination ? { stream: logging.destination } : {}),
  };
}
