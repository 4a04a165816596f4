// The key server's error codes (PROTOCOL.md §5) and the HTTP status each one is sent with.

export const errorStatus = {
  BAD_REQUEST: 400,
  BAD_SIGNATURE: 401,
  TIP_REQUIRED: 402,
  NOT_FOUND: 404,
  UNKNOWN_ARTIST: 404,
  UNKNOWN_TRACK: 404,
  KEY_NOT_DEPOSITED: 404,
  NONCE_REUSED: 409,
  EXPIRED: 410,
  KEY_MISMATCH: 422,
  TIP_NOT_CONFIRMED: 425,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  CHAIN_UNAVAILABLE: 503,
  STORE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
} as const;

export type KeyServerErrorCode = keyof typeof errorStatus;

/** The JSON body of every error: `{ "error": { "code", "message" } }`, plus optional details beside it. */
export interface ErrorBody {
  error: { code: KeyServerErrorCode; message: string };
  [detail: string]: unknown;
}

/** A refusal meant for the client: `message` says in plain words what was wrong and what to do. */
export class KeyServerError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: KeyServerErrorCode,
    message: string,
    /** Extra fields sent beside `error` (e.g. `confirmationsNeeded`); never secrets. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'KeyServerError';
    this.statusCode = errorStatus[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message }, ...this.details };
  }
}

const longHex = /(0x)?[0-9a-fA-F]{40,}/g;
const longBase64 = /[A-Za-z0-9+/_-]{40,}={0,2}/g;

/**
 * Removes anything that could be a key, envelope or signature from text about to be logged
 * (library error messages sometimes quote their arguments): long hex and base64 runs go.
 */
export function scrubSecrets(text: string): string {
  return text.replace(longHex, '[redacted]').replace(longBase64, '[redacted]');
}
