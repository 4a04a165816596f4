/**
 * Playlists in the library database: named, ordered lists of library track ids (local files and
 * catalogue tracks alike), and their M3U/M3U8 import and export.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Playlist, PlaylistImport, PlaylistImportIssue, PlaylistSummary } from '../api/appApi';
import { AppError } from '../errors';
import type { M3uTrack } from './m3u';
import { parseM3u, resolveM3uLocation, writeM3u } from './m3u';

export interface PlaylistImportOptions {
  /** The folder relative paths in the file are resolved against; null when unknown (a browser upload). */
  baseFolder: string | null;
  /** Tells a file that is gone from one that is there but not in the library. */
  fileExists(path: string): boolean;
}

export class Playlists {
  private readonly statements: {
    list: Statement<[], PlaylistSummary>;
    summary: Statement<[number], PlaylistSummary>;
    trackIds: Statement<[number], number>;
    insert: Statement<[string, number, number]>;
    rename: Statement<[string, number, number]>;
    touch: Statement<[number, number]>;
    remove: Statement<[number]>;
    clear: Statement<[number]>;
    insertEntry: Statement<[number, number, number]>;
    known: Statement<[string], number>;
    idByPath: Statement<[string], number>;
    exportRows: Statement<[number], M3uTrack>;
  };

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    const summary = `SELECT p.id, p.name, (SELECT count(*) FROM playlist_entries e WHERE e.playlist_id = p.id)
      AS trackCount FROM playlists p`;
    this.statements = {
      list: db.prepare(`${summary} ORDER BY p.name COLLATE NOCASE, p.id`),
      summary: db.prepare(`${summary} WHERE p.id = ?`),
      trackIds: db
        .prepare<[number], number>(
          'SELECT track_id FROM playlist_entries WHERE playlist_id = ? ORDER BY position',
        )
        .pluck(),
      insert: db.prepare('INSERT INTO playlists (name, created_at, updated_at) VALUES (?, ?, ?)'),
      rename: db.prepare('UPDATE playlists SET name = ?, updated_at = ? WHERE id = ?'),
      touch: db.prepare('UPDATE playlists SET updated_at = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM playlists WHERE id = ?'),
      clear: db.prepare('DELETE FROM playlist_entries WHERE playlist_id = ?'),
      insertEntry: db.prepare(
        'INSERT INTO playlist_entries (playlist_id, position, track_id) VALUES (?, ?, ?)',
      ),
      known: db
        .prepare<[string], number>('SELECT id FROM tracks WHERE id IN (SELECT value FROM json_each(?))')
        .pluck(),
      idByPath: db.prepare<[string], number>('SELECT id FROM tracks WHERE path = ?').pluck(),
      exportRows: db.prepare(
        `SELECT t.path, ar.name AS artist, t.title, t.duration_ms AS durationMs
           FROM playlist_entries e JOIN tracks t ON t.id = e.track_id JOIN artists ar ON ar.id = t.artist_id
          WHERE e.playlist_id = ? ORDER BY e.position`,
      ),
    };
  }

  list(): PlaylistSummary[] {
    return this.statements.list.all();
  }

  get(id: number): Playlist {
    const summary = this.summary(id);
    return { id: summary.id, name: summary.name, trackIds: this.statements.trackIds.all(id) };
  }

  create(name: string, trackIds: readonly number[] = []): PlaylistSummary {
    return this.db.transaction(() => {
      const at = this.now();
      const id = Number(this.statements.insert.run(name, at, at).lastInsertRowid);
      this.writeEntries(id, trackIds);
      return this.summary(id);
    })();
  }

  rename(id: number, name: string): PlaylistSummary {
    if (this.statements.rename.run(name, this.now(), id).changes === 0) throw notFound();
    return this.summary(id);
  }

  delete(id: number): void {
    if (this.statements.remove.run(id).changes === 0) throw notFound();
  }

  /** Appends tracks in the order given; ids no longer in the library are left out. */
  addTracks(id: number, trackIds: readonly number[]): PlaylistSummary {
    return this.setTracks(id, [...this.get(id).trackIds, ...trackIds]);
  }

  /** Replaces the playlist's entries (a reorder or a removal is a new order of the same ids). */
  setTracks(id: number, trackIds: readonly number[]): PlaylistSummary {
    return this.db.transaction(() => {
      this.summary(id);
      this.statements.clear.run(id);
      this.writeEntries(id, trackIds);
      this.statements.touch.run(this.now(), id);
      return this.summary(id);
    })();
  }

  /** Moves the entry at position `from` to position `to` (both clamped to the list). */
  moveEntry(id: number, from: number, to: number): PlaylistSummary {
    const ids = this.get(id).trackIds;
    if (from < 0 || from >= ids.length) return this.summary(id);
    const [moved] = ids.splice(from, 1);
    ids.splice(Math.max(0, Math.min(to, ids.length)), 0, moved!);
    return this.setTracks(id, ids);
  }

  /** The playlist as M3U8 text, paths relative to `baseFolder` where the track is under it. */
  exportM3u(id: number, baseFolder: string | null): { fileName: string; text: string } {
    const { name } = this.summary(id);
    const safeName = [...name].map((char) => (char < ' ' || '\\/:*?"<>|'.includes(char) ? '_' : char));
    const fileName = `${safeName.join('').replace(/_+/g, '_').trim() || 'Playlist'}.m3u8`;
    return { fileName, text: writeM3u(this.statements.exportRows.all(id), baseFolder) };
  }

  /**
   * Makes a playlist from M3U/M3U8 text: each line is found in the library by its path; lines
   * whose file is missing or not in the library, and web addresses, are reported, not added.
   */
  importM3u(name: string, text: string, options: PlaylistImportOptions): PlaylistImport {
    const parsed = parseM3u(text);
    const issues: PlaylistImportIssue[] = parsed.skipped.map((skip) => ({ ...skip, code: 'SKIPPED' }));
    const trackIds: number[] = [];
    for (const entry of parsed.entries) {
      const path = resolveM3uLocation(entry.location, options.baseFolder);
      const id = path === null ? undefined : this.statements.idByPath.get(path);
      if (id !== undefined) {
        trackIds.push(id);
      } else if (path === null) {
        issues.push({
          line: entry.line,
          location: entry.location,
          code: 'MISSING',
          reason: 'A relative path, and Busker does not know the folder the playlist came from.',
        });
      } else if (!path.startsWith('catalogue:') && options.fileExists(path)) {
        issues.push({
          line: entry.line,
          location: entry.location,
          code: 'NOT_IN_LIBRARY',
          reason: 'This file is not in your library: import its folder, then the playlist again.',
        });
      } else {
        issues.push({
          line: entry.line,
          location: entry.location,
          code: 'MISSING',
          reason: path.startsWith('catalogue:')
            ? 'This catalogue track is not in your library.'
            : 'No file at this path.',
        });
      }
    }
    issues.sort((a, b) => a.line - b.line);
    return { playlist: this.create(name, trackIds), issues };
  }

  private summary(id: number): PlaylistSummary {
    const found = this.statements.summary.get(id);
    if (!found) throw notFound();
    return found;
  }

  private writeEntries(id: number, trackIds: readonly number[]): void {
    const known = new Set(this.statements.known.all(JSON.stringify(trackIds)));
    let position = 0;
    for (const trackId of trackIds) {
      if (known.has(trackId)) this.statements.insertEntry.run(id, position++, trackId);
    }
  }
}

function notFound(): AppError {
  return new AppError(
    'PLAYLIST_NOT_FOUND',
    'This playlist no longer exists: it was deleted, perhaps in another window.',
  );
}
