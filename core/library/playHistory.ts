/** Writes the play history: one row each time a track counts as played. */
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../errors';

export class PlayHistory {
  private readonly insert: Statement<[number, number]>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO plays (track_id, played_at) SELECT id, ? FROM tracks WHERE id = ?',
    ) as Statement<[number, number]>;
  }

  /** Records a play of `trackId` at `at` (ms since the epoch). */
  record(trackId: number, at: number = Date.now()): void {
    const { changes } = this.insert.run(at, trackId);
    if (changes === 0) {
      throw new AppError(
        'NOT_FOUND',
        'This song is no longer in your library, so its play was not counted. Import its folder again to bring it back.',
      );
    }
  }
}
