/**
 * The market's error translation, in one place: what the chain, the publisher or a timeout threw,
 * as an AppError (a typed code, words for the user) for the API's caller.
 */
import { withinDeadline } from '../../../base/deadline';
import { parseArtistError } from '../../../protocol/contracts';
import { AppError } from '../../errors';
import { PublishError } from '../../publish/publishError';

const CHAIN_TIMEOUT_MS = 4_000;

/** `work`, or a rejection once the network has not answered for `ms`. */
export function withTimeout<T>(work: Promise<T>, ms = CHAIN_TIMEOUT_MS): Promise<T> {
  return withinDeadline(work, ms, () => new Error('the network did not answer in time'));
}

/** A problem in words: our own errors as they are, anything else as the network not answering. */
export function describeProblem(error: unknown): string {
  if (error instanceof AppError || error instanceof PublishError) return error.message;
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `The network cannot be reached (${reason}). Busker keeps trying.`;
}

/** Anything thrown while talking to the chain, as an AppError for the API's caller. */
export function chainError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof PublishError) {
    return new AppError(error.code === 'NOT_ARTIST' ? 'NOT_AN_ARTIST' : 'BAD_REQUEST', error.message);
  }
  const reverted = parseArtistError(error);
  if (reverted?.name === 'NothingToWithdraw') {
    return new AppError('BAD_REQUEST', 'There is nothing to withdraw yet.');
  }
  if ((error as { code?: unknown }).code === 'INSUFFICIENT_FUNDS') {
    return new AppError('BAD_REQUEST', 'The wallet has too little ether to pay for this transaction.');
  }
  return new AppError('NETWORK_UNREACHABLE', describeProblem(error));
}

/** A failure of work that needs the network's peers or key server (unlocking, fetching). */
export function unavailableError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('UNAVAILABLE', describeProblem(error));
}
