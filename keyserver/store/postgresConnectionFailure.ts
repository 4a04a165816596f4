// Which PostgreSQL failures mean "the database is down or unreachable" (answered as 503
// STORE_UNAVAILABLE, worth retrying) rather than a fault in this server: one list, used by every
// query the PostgreSQL store makes.
import { KeyStoreError } from './keyStore';

/** Socket errors of a database that is not there (ENOENT: its Unix socket is gone). */
const socketErrors = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now (class 08 is checked as a class). */
const shutdownStates = new Set(['57P01', '57P02', '57P03']);
/** pg's own errors for a connection lost, never made in time, or a query unanswered carry only words. */
const pgConnectionMessages =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|not queryable/i;

export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (socketErrors.has(code) || shutdownStates.has(code) || /^08/.test(code))) {
    return true;
  }
  return pgConnectionMessages.test(error.message);
}

/** `error` as STORE_UNAVAILABLE when it says the database cannot be reached; otherwise unchanged. */
export function asStoreUnavailable(error: unknown): unknown {
  if (!isConnectionFailure(error)) return error;
  return new KeyStoreError(
    'STORE_UNAVAILABLE',
    `The PostgreSQL database does not answer: ${(error as Error).message}`,
    {
      cause: error,
    },
  );
}
