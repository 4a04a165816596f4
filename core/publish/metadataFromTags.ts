// The public track metadata (PROTOCOL §4), built from tags that are themselves hostile input:
// every string is cleaned to one line and capped, so the JSON always fits the 64 KiB limit.
// The caps are the protocol's (protocol/trackMetadata.ts): what we publish is read back unchanged.
import { cleanTagText } from '../library/tagText';
import type { TrackMetadata, TrackMetadataDocument } from '../../protocol/trackMetadata';
import { METADATA_TEXT_MAX_CHARS } from '../../protocol/trackMetadata';

/** What the tags give: the public metadata before its cover is added to IPFS. */
export type TrackMetadataInput = Omit<TrackMetadata, 'cover'>;

function capped(text: string, fallback: string): string {
  const clean = cleanTagText(text) ?? fallback;
  return Array.from(clean).slice(0, METADATA_TEXT_MAX_CHARS).join('');
}

/** The metadata without its cover, in the key order of PROTOCOL §4. */
export function buildTrackMetadata(input: TrackMetadataInput): TrackMetadataDocument {
  return {
    busker: 1,
    title: capped(input.title, 'Untitled'),
    artist: capped(input.artist, 'Unknown Artist'),
    album: capped(input.album, 'Unknown Album'),
    trackNumber: input.trackNumber,
    durationMs: input.durationMs,
    mime: capped(input.mime, 'application/octet-stream'),
    size: input.size,
    cover: null,
  };
}
