/** A library of `count` made-up tracks written straight through TrackRepo, for search at sizes no disk holds. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { openLibraryDatabase } from '../../core/library/database';
import { TrackRepo } from '../../core/library/trackRepo';
import type { TrackRecord } from '../../core/library/trackRepo';
import { seededRandom } from './benchReport';
import { libraryWords } from './taggedLibrary';

/** One made-up track at `/music/<index>.mp3`: the words are the caller's, the rest is fixed. */
export function madeUpTrack(
  index: number,
  words: { title: string; artist: string; album: string },
  albumSize = 12,
): TrackRecord {
  return {
    path: `/music/${index}.mp3`,
    size: 4_000_000,
    mtimeMs: 1,
    ...words,
    albumArtist: words.artist,
    trackNumber: 1 + (index % albumSize),
    discNumber: null,
    year: 1970 + (index % 50),
    durationMs: 200_000,
    mime: 'audio/mpeg',
    sniffedType: 'mp3',
    cover: null,
    replacesId: null,
  };
}

export async function fillSearchLibrary(file: string, count: number): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const db = openLibraryDatabase(file);
  try {
    const repo = new TrackRepo(db);
    const random = seededRandom(11);
    const pick = () => libraryWords[Math.floor(random() * libraryWords.length)] as string;
    const records: TrackRecord[] = [];
    let artist = '';
    for (let index = 0; index < count; index += 1) {
      const albumIndex = Math.floor(index / 12);
      // One artist an album, as in a real library (a word each track would make 72,000 albums).
      if (index % 12 === 0) artist = `${pick()} Artist ${albumIndex % 400}`;
      records.push(
        madeUpTrack(index, { title: `${pick()} ${pick()} ${index}`, artist, album: `Album ${albumIndex}` }),
      );
      if (records.length === 5_000) repo.saveTracks(records.splice(0));
    }
    repo.saveTracks(records.splice(0));
  } finally {
    db.close();
  }
}
