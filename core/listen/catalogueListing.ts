// The catalogue as a listener sees it: every on-chain track that is listed in the library, with
// its price and whether this listener holds its key, plus the tracks left out and why.
import type { Database } from 'better-sqlite3';
import type { CatalogueStore } from '../chain/catalogueStore';
import { cataloguePath } from '../library/catalogueTracks';
import type { OnChainTrack } from '../unlock/onChainTrack';
import type { MetadataFetch } from './metadataFetchStore';

export interface CatalogueListEntry {
  /** The Artist contract, checksummed. */
  artist: string;
  trackId: number;
  /** The library's id for the track (what the player and the stream handler take). */
  libraryId: number;
  title: string;
  artistName: string;
  album: string;
  /** Wei. */
  price: bigint;
  retired: boolean;
  unlocked: boolean;
}

export interface CatalogueLeftOut {
  artist: string;
  trackId: number;
  status: MetadataFetch['status'] | 'pending';
  reason: string;
}

export interface CatalogueListing {
  tracks: CatalogueListEntry[];
  leftOut: CatalogueLeftOut[];
}

export function listCatalogue(options: {
  db: Database;
  catalogue: CatalogueStore;
  chainId: number;
  unlocked: { has(track: OnChainTrack): boolean };
  fetches: readonly MetadataFetch[];
}): CatalogueListing {
  const { db, catalogue, chainId, unlocked } = options;
  const libraryRow = db.prepare<[string], { id: number; title: string; artist: string; album: string }>(
    // The album artist of a catalogue row is who is paid (the contract's name), not the file's tag.
    `SELECT t.id, t.title, ar.name AS artist, al.title AS album
     FROM tracks t JOIN albums al ON al.id = t.album_id JOIN artists ar ON ar.id = al.artist_id WHERE t.path = ?`,
  );
  const fetches = new Map(
    options.fetches.map((fetch) => [`${fetch.track.artist}:${fetch.track.trackId}`, fetch]),
  );
  const listing: CatalogueListing = { tracks: [], leftOut: [] };
  for (const track of catalogue.listTracks()) {
    const onChain = { chainId, artist: track.artist, trackId: track.trackId };
    const row = libraryRow.get(cataloguePath(onChain));
    if (row) {
      listing.tracks.push({
        artist: track.artist,
        trackId: track.trackId,
        libraryId: row.id,
        title: row.title,
        artistName: row.artist,
        album: row.album,
        price: track.price,
        retired: track.retired,
        unlocked: unlocked.has(onChain),
      });
      continue;
    }
    const fetch = fetches.get(`${track.artist.toLowerCase()}:${track.trackId}`);
    listing.leftOut.push({
      artist: track.artist,
      trackId: track.trackId,
      status: fetch?.status ?? 'pending',
      reason: fetch?.reason ?? 'Its metadata has not been fetched yet.',
    });
  }
  return listing;
}
