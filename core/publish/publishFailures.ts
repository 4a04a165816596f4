// How a publish job's troubles are sorted: those that pass (the job waits and is tried again) and
// those that stop it, with the key server's answers put in the artist's words.
import { KeyServerRequestError } from '../unlock/keyServerClient';
import { PublishError } from './publishError';

/** Troubles that pass: the job stays where it is and `resume` tries again. */
export function isPassing(error: PublishError): boolean {
  return (
    error.code === 'NETWORK_UNAVAILABLE' ||
    error.code === 'KEY_SERVER_UNAVAILABLE' ||
    error.code === 'SEEDS_UNAVAILABLE'
  );
}

export function depositError(error: unknown): PublishError {
  if (error instanceof KeyServerRequestError) {
    if (error.code === 'BAD_SIGNATURE' || error.code === 'KEY_MISMATCH' || error.code === 'UNKNOWN_ARTIST') {
      return new PublishError('KEY_REFUSED', `The key server refused the track's key: ${error.message}`, {
        cause: error,
      });
    }
    // Unreachable, busy, another network in settings, or not yet seeing the new track: try later.
    return new PublishError(
      'KEY_SERVER_UNAVAILABLE',
      `The track is published, but its key is not deposited yet: ${error.message}`,
      { cause: error },
    );
  }
  return new PublishError(
    'KEY_SERVER_UNAVAILABLE',
    'The track is published, but the key server could not be reached to deposit its key. Busker tries again.',
    { cause: error },
  );
}
