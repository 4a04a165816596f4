/**
 * The app's checks speak the app's words ("Become an artist first"); a command adds how to do
 * that here, on the command line, so the rule and its words stay the app's.
 */
import type { AppErrorCode } from '../core/errors';
import { AppError } from '../core/errors';

export const becomeArtistWay = 'On the command line: `busker artist create <name>`.';
export const keyServerWay =
  'On the command line: join one with `busker network join <key server address>`, or add "keyServer" to the network file.';

/** `check`'s result, or its AppError in the app's words followed by the way for its code. */
export function withCommandLineWay<T>(ways: Partial<Record<AppErrorCode, string>>, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const way = error instanceof AppError ? ways[error.code] : undefined;
    if (!(error instanceof AppError) || !way) throw error;
    throw new AppError(error.code, `${error.message} ${way}`, { cause: error });
  }
}
