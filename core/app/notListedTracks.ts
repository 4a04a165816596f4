/**
 * The catalogue tracks the latest metadata sync left out, each with why in the user's words:
 * what the app shows under "Not listed". Each pass replaces the list, so a track whose
 * description starts resolving leaves it by itself.
 */
import type { NotListedTrack } from '../api/marketApi';
import type { CatalogueArtist } from '../chain/catalogueStore';
import type { SkippedTrack } from '../listen/catalogueMetadataSync';
import { cleanMetadataText } from '../../protocol/trackMetadata';

const ARTIST_NAME_MAX_CHARS = 80;

/** What each metadata field is called in the user's words. */
const fieldWords = new Map([
  ['title', 'title'],
  ['artist', 'artist name'],
  ['album', 'album'],
  ['trackNumber', 'track number'],
  ['durationMs', 'duration'],
  ['mime', 'audio type'],
  ['size', 'size'],
  ['cover', 'cover'],
]);

const field = (name: string | undefined) => fieldWords.get(name ?? '') ?? 'a field';

/**
 * The refusals core/listen writes (trackMetadata.ts, catalogueMetadataSync.ts), once their
 * "The track's metadata was refused: " is taken off, and how to say each to the user.
 * notListedTracks.test.ts feeds the real parser's refusals through this table.
 */
const refusals: [RegExp, (match: RegExpExecArray) => string][] = [
  [
    /^it is larger than (\d+) KiB/,
    ([, kib]) => `its description is larger than ${kib} KiB, more than Busker accepts`,
  ],
  [/^it is not UTF-8 text$/, () => 'its description is not text'],
  [/^it is not valid JSON$/, () => 'its description is not valid JSON'],
  [/^it is not a JSON object$/, () => 'its description is not a JSON object'],
  [/^it is not Busker metadata version 1/, () => 'its description is not in a format Busker reads'],
  [/^it has fields version 1 does not define/, () => 'its description has fields Busker does not know'],
  [
    /^The track's metadata address .* is not a CID$/s,
    () => 'its description’s address is not an IPFS address',
  ],
  [/^"cover" (must be a CID|is not a CID|is too long)/, () => 'its cover is not an IPFS address'],
  [/^"mime" must be an audio type/, () => 'its audio type is not an audio format'],
  [/^"(\w+)" must be text$/, ([, name]) => `its ${field(name)} is not text`],
  [/^"(\w+)" must be a number/, ([, name]) => `its ${field(name)} is not a number`],
  [/^"(\w+)" must be a whole number/, ([, name]) => `its ${field(name)} is not a whole number`],
  [
    /^"(\w+)" (must be at least|must be at most|must be more than|is too large)/,
    ([, name]) => `its ${field(name)} is out of range`,
  ],
  [/^"(\w+)" is too long$/, ([, name]) => `its ${field(name)} is too long`],
  [/^"(\w+)" is missing$/, ([, name]) => `its ${field(name)} is missing`],
  [/^"(\w+)" is empty$/, ([, name]) => `its ${field(name)} is empty`],
];

/** Why a track is not listed, as the end of a sentence about it ("its title is not text"). */
export function notListedReason(skip: Pick<SkippedTrack, 'status' | 'reason'>): string {
  if (skip.status === 'unreachable') {
    return 'its description could not be fetched from IPFS yet; Busker will try again';
  }
  const refusal = skip.reason.replace(/^The track's metadata was refused: /, '').replace(/\.$/, '');
  for (const [pattern, words] of refusals) {
    const match = pattern.exec(refusal);
    if (match) return words(match);
  }
  // A refusal this table does not know yet: the sync's own words, which are plain text too.
  return `its description was refused (${cleanMetadataText(refusal, 200)})`;
}

export class NotListedTracks {
  /** Whose catalogue the list is of (chain and factory), so another network never shows it. */
  private catalogue: string | null = null;
  private tracks: NotListedTrack[] = [];

  /** Takes one sync pass's skipped tracks; true when what the user sees changed. */
  replace(catalogue: string, skipped: readonly SkippedTrack[], artists: readonly CatalogueArtist[]): boolean {
    const names = new Map(artists.map((artist) => [artist.address.toLowerCase(), artist.name]));
    const byTrack = new Map<string, NotListedTrack>();
    for (const skip of skipped) {
      byTrack.set(`${skip.artist.toLowerCase()}:${skip.trackId}`, {
        artistContract: skip.artist,
        chainTrackId: skip.trackId,
        artistName: cleanMetadataText(names.get(skip.artist.toLowerCase()) ?? '', ARTIST_NAME_MAX_CHARS),
        status: skip.status === 'invalid' ? 'refused' : 'retrying',
        reason: notListedReason(skip),
      });
    }
    const next = [...byTrack.values()].sort(
      (a, b) =>
        a.artistContract.toLowerCase().localeCompare(b.artistContract.toLowerCase()) ||
        a.chainTrackId - b.chainTrackId,
    );
    const changed = catalogue !== this.catalogue || JSON.stringify(next) !== JSON.stringify(this.tracks);
    this.catalogue = catalogue;
    this.tracks = next;
    return changed;
  }

  /** The latest list, when it is of `catalogue`; [] before its first pass. */
  list(catalogue: string): NotListedTrack[] {
    return catalogue === this.catalogue ? this.tracks.map((track) => ({ ...track })) : [];
  }
}
