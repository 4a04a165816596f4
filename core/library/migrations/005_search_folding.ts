import type { Migration } from '../../../base/migrationRunner';

/** The SQL function the library connection registers for this migration (see database.ts). */
export const searchKeyFunction = 'busker_search_key';

const tokenizer = `tokenize = "unicode61 remove_diacritics 2", prefix = '1 2 3'`;

/**
 * Search for everyone (issue 24): the index holds each text's folded search key (æ → ae,
 * ß → ss, ø → o…, see searchFolding.ts), which unicode61 alone cannot fold, and artists and
 * albums get indexes of their own so a search lists them as groups. Existing rows are re-indexed
 * here, inside the migration's transaction, with the folding function the library connection
 * registers: a crash leaves either the old index or the new one, never half of each.
 */
export const migration005: Migration = {
  version: 5,
  name: 'folded search keys, artist and album search',
  statements: [
    `
    CREATE VIRTUAL TABLE artist_search USING fts5(name, ${tokenizer});
    -- An album is found by its title and, less strongly, by its artist's name.
    CREATE VIRTUAL TABLE album_search USING fts5(title, artist, ${tokenizer});
    INSERT INTO album_search(album_search, rank) VALUES ('rank', 'bm25(10.0, 2.0)');

    DELETE FROM track_search;
    INSERT INTO track_search (rowid, title, artist, album)
      SELECT t.id, ${searchKeyFunction}(t.title),
             ${searchKeyFunction}(CASE WHEN ar.id = album_artist.id THEN ar.name
                                       ELSE ar.name || ' ' || album_artist.name END),
             ${searchKeyFunction}(al.title)
        FROM tracks t JOIN artists ar ON ar.id = t.artist_id JOIN albums al ON al.id = t.album_id
        JOIN artists album_artist ON album_artist.id = al.artist_id;
    INSERT INTO artist_search (rowid, name) SELECT id, ${searchKeyFunction}(name) FROM artists;
    INSERT INTO album_search (rowid, title, artist)
      SELECT al.id, ${searchKeyFunction}(al.title), ${searchKeyFunction}(ar.name)
        FROM albums al JOIN artists ar ON ar.id = al.artist_id;
  `,
  ],
};
