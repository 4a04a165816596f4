// Structured logs (Fastify's pino), one JSON object a line. Bodies are never logged; as a second
// line of defence, should a body or secret ever reach a log call, the value of any key named below
// is replaced by "[redacted]", down to three levels deep. This is done here rather than by pino's
// `redact` paths, which copied every logged object and cost ~11 µs and ~28 KB of garbage a line,
// two fifths of the garbage an unlock made on the event loop; an object without such a key passes
// through untouched, and one with it is copied, never changed in place.
import type { FastifyServerOptions } from 'fastify';
import { pino, type DestinationStream } from 'pino';
import type { LogLevel } from './config';

export interface KeyServerLogging {
  level: LogLevel;
  /** Where the lines go; `bufferedLogDestination()` (standard output) by default. */
  destination?: DestinationStream;
}

/** Lines are held until this many bytes are waiting... */
const logBlockBytes = 4096;
/** ...or this long has passed, whichever comes first. */
const logFlushMs = 1000;

/**
 * Standard output, or the file at `path`, written a block at a time: lines wait until 4 KiB are
 * waiting or a second has passed, and whatever waits is written when the process exits, even on an
 * uncaught error. Only a process killed outright (SIGKILL, out of memory) loses its last second of
 * lines. A write per line woke a libuv thread for every request: a lone client's unlocks came ~7%
 * faster without it (five alternating runs each way, every one faster).
 */
export function bufferedLogDestination(path?: string): DestinationStream {
  return pino.destination({ dest: path ?? 1, minLength: logBlockBytes, periodicFlush: logFlushMs });
}

const secretKeys = new Set([
  'signature',
  'envelope',
  'contentKey',
  'masterKey',
  'privateKey',
  'body',
  'authorization',
  'cookie',
]);

/** How many levels below the logged object are searched for secrets. */
const nestedLevels = 2;

type Logged = Record<string, unknown> | unknown[];

function isSearched(value: unknown): value is Logged {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** `logged` with every secret-named key's value redacted: itself if it has none, else a copy. */
export function redactSecrets<Value extends Logged>(logged: Value, level = 0): Value {
  let copy: Value | undefined;
  for (const key of Object.keys(logged)) {
    const value: unknown = (logged as Record<string, unknown>)[key];
    const redacted = secretKeys.has(key)
      ? '[redacted]'
      : level < nestedLevels && isSearched(value)
        ? redactSecrets(value, level + 1)
        : value;
    if (redacted === value) continue;
    copy ??= (Array.isArray(logged) ? [...logged] : { ...logged }) as Value;
    (copy as Record<string, unknown>)[key] = redacted;
  }
  return copy ?? logged;
}

export function loggerOptions(logging: KeyServerLogging): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: logging.level,
    formatters: { log: (logged) => redactSecrets(logged) },
    stream: logging.destination ?? bufferedLogDestination(),
  };
}
