/** Why a file cannot be published, or a job cannot go on; `message` is for the artist. */
export type PublishErrorCode =
  | 'EMPTY_FILE'
  | 'NOT_AUDIO'
  | 'TOO_LARGE'
  | 'UNREADABLE'
  | 'BAD_PRICE'
  | 'NOT_OWNER'
  | 'NOT_ARTIST'
  | 'TX_REJECTED'
  | 'NETWORK_UNAVAILABLE'
  | 'KEY_SERVER_UNAVAILABLE'
  | 'KEY_REFUSED'
  | 'SEEDS_UNAVAILABLE'
  | 'SOURCE_CHANGED'
  | 'JOB_KEY_WRONG';

export class PublishError extends Error {
  constructor(
    readonly code: PublishErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PublishError';
  }
}
