/**
 * Writes to the library: tracks with their artists, albums, covers and search rows (folded search
 * keys), kept in step explicitly (no triggers) so a bulk import is one prepared statement per row.
 */
import type { Database } from 'better-sqlite3';
import { dirname, sep } from 'node:path';
import { CoverStore } from './coverStore';
import type { CoverCandidate } from './coverStore';
import { ImportMemory } from './importMemory';
import { pathRangeUnder } from './pathRange';
import { searchKey } from './searchFolding';
import type { TrackTags } from './tagReader';
import { sortKey } from './tagText';

/** One file to store: its tags plus what the importer learned about the file itself. */
export interface TrackRecord extends TrackTags {
  path: string;
  size: number;
  mtimeMs: number;
  mime: string;
  sniffedType: string;
  /** The id of the row this file had before (changed on disk), or null for a new file. */
  replacesId: number | null;
  /** True when `cover` is the folder's image (`cover.jpg`...), not a picture in the file. */
  coverFromFolder?: boolean;
}

export interface StoredFileState {
  id: number;
  size: number;
  mtimeMs: number;
}

type TrackRow = [
  path: string,
  size: number,
  mtimeMs: number,
  title: string,
  artistId: number,
  albumId: number,
  trackNumber: number | null,
  discNumber: number | null,
  year: number | null,
  durationMs: number | null,
  mime: string,
  sniffedType: string,
  coverId: number | null,
  sortArtist: string,
  sortAlbum: string,
  sortTitle: string,
  replayGainTrackDb: number | null,
  replayGainTrackPeak: number | null,
  replayGainAlbumDb: number | null,
  replayGainAlbumPeak: number | null,
  coverFromFolder: 0 | 1,
];

export class TrackRepo {
  private readonly covers: CoverStore;
  private readonly artistIds = new Map<string, number>();
  private readonly albumIds = new Map<string, number>();
  private readonly statements;
  /** What imports remember beside the tracks: folder images read, files refused. */
  readonly importMemory: ImportMemory;

  constructor(private readonly db: Database) {
    this.covers = new CoverStore(db);
    this.importMemory = new ImportMemory(db);
    const trackColumns =
      'path, size, mtime_ms, title, artist_id, album_id, track_number, disc_number, year, duration_ms, ' +
      'mime, sniffed_type, cover_id, sort_artist, sort_album, sort_title, ' +
      'replay_gain_track_db, replay_gain_track_peak, replay_gain_album_db, replay_gain_album_peak, ' +
      'cover_from_folder';
    this.statements = {
      filesUnder: db.prepare<[string, string], { id: number; path: string; size: number; mtimeMs: number }>(
        'SELECT id, path, size, mtime_ms AS mtimeMs FROM tracks WHERE path >= ? AND path < ?',
      ),
      findArtist: db.prepare<[string], number>('SELECT id FROM artists WHERE name = ?').pluck(),
      insertArtist: db.prepare<[string, string]>('INSERT INTO artists (name, sort_name) VALUES (?, ?)'),
      findAlbum: db
        .prepare<[string, number], number>('SELECT id FROM albums WHERE title = ? AND artist_id = ?')
        .pluck(),
      insertAlbum: db.prepare<[string, number, string]>(
        'INSERT INTO albums (title, artist_id, sort_title) VALUES (?, ?, ?)',
      ),
      insertArtistSearchRow: db.prepare<[number, string]>(
        'INSERT INTO artist_search (rowid, name) VALUES (?, ?)',
      ),
      insertAlbumSearchRow: db.prepare<[number, string, string]>(
        'INSERT INTO album_search (rowid, title, artist) VALUES (?, ?, ?)',
      ),
      insertTrack: db.prepare<TrackRow>(
        `INSERT INTO tracks (${trackColumns}) VALUES (${trackColumns.replace(/[a-z_]+/g, '?')})`,
      ),
      updateTrack: db.prepare<[...TrackRow, number]>(
        `UPDATE tracks SET (${trackColumns}) = (${trackColumns.replace(/[a-z_]+/g, '?')}) WHERE id = ?`,
      ),
      insertSearchRow: db.prepare<[number, string, string, string]>(
        'INSERT INTO track_search (rowid, title, artist, album) VALUES (?, ?, ?, ?)',
      ),
      deleteSearchRow: db.prepare<[number]>('DELETE FROM track_search WHERE rowid = ?'),
      deleteTrack: db.prepare<[number]>('DELETE FROM tracks WHERE id = ?'),
    };
  }

  /** What the library knows of every file under `folder` (an absolute path ending in a separator). */
  fileStatesUnder(folderWithSeparator: string): Map<string, StoredFileState> {
    const states = new Map<string, StoredFileState>();
    for (const row of this.statements.filesUnder.iterate(...pathRangeUnder(folderWithSeparator))) {
      states.set(row.path, { id: row.id, size: row.size, mtimeMs: row.mtimeMs });
    }
    return states;
  }

  /** Saves new and changed tracks in one transaction; returns how many were added and updated. */
  saveTracks(records: readonly TrackRecord[]): { added: number; updated: number } {
    try {
      return this.saveInTransaction(records);
    } catch (error) {
      // The rollback may have undone rows the caches point at.
      this.artistIds.clear();
      this.albumIds.clear();
      throw error;
    }
  }

  private saveInTransaction(records: readonly TrackRecord[]): { added: number; updated: number } {
    return this.db.transaction(() => {
      let added = 0;
      let updated = 0;
      for (const record of records) {
        const artistId = this.artistId(record.artist);
        const albumId = this.albumId(record.album, record.albumArtist);
        const coverId = record.cover ? this.covers.put(record.cover) : null;
        const row: TrackRow = [
          record.path,
          record.size,
          Math.trunc(record.mtimeMs),
          record.title,
          artistId,
          albumId,
          record.trackNumber,
          record.discNumber,
          record.year,
          record.durationMs,
          record.mime,
          record.sniffedType,
          coverId,
          sortKey(record.albumArtist),
          sortKey(record.album),
          sortKey(record.title),
          record.replayGain?.trackGainDb ?? null,
          record.replayGain?.trackPeak ?? null,
          record.replayGain?.albumGainDb ?? null,
          record.replayGain?.albumPeak ?? null,
          record.cover && record.coverFromFolder ? 1 : 0,
        ];
        let id: number;
        if (record.replacesId === null) {
          id = Number(this.statements.insertTrack.run(...row).lastInsertRowid);
          added += 1;
        } else {
          id = record.replacesId;
          this.statements.updateTrack.run(...row, id);
          this.statements.deleteSearchRow.run(id);
          updated += 1;
        }
        const artists =
          record.albumArtist === record.artist ? record.artist : `${record.artist} ${record.albumArtist}`;
        this.statements.insertSearchRow.run(
          id,
          searchKey(record.title),
          searchKey(artists),
          searchKey(record.album),
        );
      }
      return { added, updated };
    })();
  }

  /** The folders under `root` (ending in a separator) holding songs without a picture of their own. */
  foldersWithoutOwnCover(root: string): string[] {
    const paths = this.db
      .prepare<[string, string], string>(
        'SELECT path FROM tracks WHERE path >= ? AND path < ? AND (cover_id IS NULL OR cover_from_folder = 1)',
      )
      .pluck()
      .all(...pathRangeUnder(root));
    return [...new Set(paths.map((path) => dirname(path)))];
  }

  /**
   * Gives the songs directly in `folder` without a picture of their own the folder's image, or
   * takes it away when `cover` is null; their files are not read. Returns how many changed.
   */
  setFolderCover(folder: string, cover: CoverCandidate | null): number {
    const [lower, upper] = pathRangeUnder(folder.endsWith(sep) ? folder : folder + sep);
    return this.db.transaction(() => {
      const coverId = cover ? this.covers.put(cover) : null;
      const fromFolder = coverId === null ? 0 : 1;
      const { changes } = this.db
        .prepare(
          `UPDATE tracks SET cover_id = ?, cover_from_folder = ?
           WHERE path >= ? AND path < ? AND instr(substr(path, ?), ?) = 0
             AND (cover_id IS NULL OR cover_from_folder = 1)
             AND (cover_id IS NOT ? OR cover_from_folder IS NOT ?)`,
        )
        .run(coverId, fromFolder, lower, upper, lower.length + 1, sep, coverId, fromFolder);
      this.db.exec(
        'DELETE FROM covers WHERE NOT EXISTS (SELECT 1 FROM tracks WHERE tracks.cover_id = covers.id)',
      );
      return changes;
    })();
  }

  /** Removes tracks by id, then the artists, albums and covers nothing refers to any more. */
  removeTracks(ids: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of ids) {
        this.statements.deleteSearchRow.run(id);
        this.statements.deleteTrack.run(id);
      }
      this.removeOrphans();
    })();
  }

  /** Deletes albums, artists and covers left without tracks. */
  removeOrphans(): void {
    const orphanAlbums = 'NOT EXISTS (SELECT 1 FROM tracks WHERE tracks.album_id = albums.id)';
    const orphanArtists = `NOT EXISTS (SELECT 1 FROM tracks WHERE tracks.artist_id = artists.id)
        AND NOT EXISTS (SELECT 1 FROM albums WHERE albums.artist_id = artists.id)`;
    this.db.exec(`
      DELETE FROM album_search WHERE rowid IN (SELECT id FROM albums WHERE ${orphanAlbums});
      DELETE FROM albums WHERE ${orphanAlbums};
      DELETE FROM artist_search WHERE rowid IN (SELECT id FROM artists WHERE ${orphanArtists});
      DELETE FROM artists WHERE ${orphanArtists};
      DELETE FROM covers WHERE NOT EXISTS (SELECT 1 FROM tracks WHERE tracks.cover_id = covers.id);
    `);
    this.artistIds.clear();
    this.albumIds.clear();
  }

  private artistId(name: string): number {
    const cached = this.artistIds.get(name);
    if (cached !== undefined) return cached;
    let id = this.statements.findArtist.get(name);
    if (id === undefined) {
      id = Number(this.statements.insertArtist.run(name, sortKey(name)).lastInsertRowid);
      this.statements.insertArtistSearchRow.run(id, searchKey(name));
    }
    this.artistIds.set(name, id);
    return id;
  }

  private albumId(title: string, artist: string): number {
    const artistId = this.artistId(artist);
    const key = `${artistId}\u0000${title}`;
    const cached = this.albumIds.get(key);
    if (cached !== undefined) return cached;
    let id = this.statements.findAlbum.get(title, artistId);
    if (id === undefined) {
      id = Number(this.statements.insertAlbum.run(title, artistId, sortKey(title)).lastInsertRowid);
      this.statements.insertAlbumSearchRow.run(id, searchKey(title), searchKey(artist));
    }
    this.albumIds.set(key, id);
    return id;
  }
}
