export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'FOLDER_NOT_FOUND'
  | 'NOT_A_FOLDER'
  | 'IMPORT_RUNNING'
  | 'LIBRARY_TOO_NEW'
  | 'UNAVAILABLE'
  | 'MARKET_OFF'
  | 'WALLET_MISSING'
  | 'WALLET_EXISTS'
  | 'WALLET_LOCKED'
  | 'WRONG_PASSPHRASE'
  /** A new wallet passphrase the shared rule (base/passphraseStrength.ts) refuses. */
  | 'WEAK_PASSPHRASE'
  | 'NETWORK_UNREACHABLE'
  | 'NETWORK_INVALID'
  /** No network yet: none joined and no local network file. */
  | 'NO_NETWORK'
  | 'NOT_AN_ARTIST'
  | 'PUBLISH_REFUSED'
  | 'PLAYLIST_NOT_FOUND'
  /** An M3U/M3U8 file too large, with too many lines, or not text. */
  | 'PLAYLIST_FILE_REFUSED'
  | 'INTERNAL';

/** An error meant for the user: `message` says what happened and what to do. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  /** The API's `AppErrorPayload`, written out so this floor imports nothing above it. */
  toPayload(): { code: AppErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into the payload that crosses a host boundary, hiding internals. */
export function toErrorPayload(error: unknown): { code: AppErrorCode; message: string } {
  if (error instanceof AppError) return error.toPayload();
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Busker. Try again; if it keeps happening, restart the app.',
  };
}
