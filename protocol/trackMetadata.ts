/**
 * Public track metadata (PROTOCOL §4), the one module that writes it and reads it back. Read from
 * untrusted bytes: anyone can publish a track, so the JSON is size-checked before it is parsed, strings are cleaned of control characters and
 * capped, numbers are range-checked, and anything else is refused with a reason in words.
 * Text is kept as text (an HTML title stays a literal string); the UI renders it as text only.
 */
import { CID } from 'multiformats/cid';
import { z } from 'zod';

/** PROTOCOL §4: at most 64 KiB; larger bytes are refused before any parsing. */
export const METADATA_MAX_BYTES = 64 * 1024;
/** Title, artist and album: at most 200 characters (code points) once control characters are gone. */
export const METADATA_TEXT_MAX_CHARS = 200;
/** A track number above this is not a real one. */
export const METADATA_MAX_TRACK_NUMBER = 9_999;
/** 24 hours: longer "tracks" are refused rather than shown with an absurd duration. */
export const METADATA_MAX_DURATION_MS = 24 * 60 * 60 * 1000;
/** A CID longer than this is not one (real ones are under 100 characters). */
const MAX_CID_CHARS = 256;
/** A raw string longer than this is refused before cleaning (64 KiB of bytes bounds it anyway). */
const MAX_RAW_TEXT_CHARS = METADATA_MAX_BYTES;

export interface TrackMetadata {
  title: string;
  artist: string;
  album: string;
  trackNumber: number | null;
  durationMs: number | null;
  /** Lower-case `audio/…` token. */
  mime: string;
  /** Plaintext audio size in bytes. */
  size: number;
  /** The cover image's CID, or null. */
  cover: string | null;
}

/** The JSON object as published: `"busker": 1` first, then the fields in the key order of PROTOCOL §4. */
export type TrackMetadataDocument = { busker: 1 } & TrackMetadata;

/** The bytes to add to IPFS: the same metadata and cover CID always give the same bytes (and CID). */
export function encodeTrackMetadata(metadata: TrackMetadataDocument, coverCid: string | null): Buffer {
  const bytes = Buffer.from(JSON.stringify({ ...metadata, cover: coverCid }), 'utf8');
  if (bytes.length > METADATA_MAX_BYTES) {
    throw new RangeError(
      `Track metadata is ${bytes.length} bytes, over the ${METADATA_MAX_BYTES}-byte limit`,
    );
  }
  return bytes;
}

export type MetadataParseResult = { ok: true; metadata: TrackMetadata } | { ok: false; reason: string };

/**
 * Control and format characters (C0/C1, bidi overrides, zero-width joiners…) become spaces, runs
 * of whitespace one space, then the text is trimmed and capped with an ellipsis.
 */
export function cleanMetadataText(raw: string, maxChars = METADATA_TEXT_MAX_CHARS): string {
  const cleaned = raw
    .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const codePoints = Array.from(cleaned);
  if (codePoints.length <= maxChars) return cleaned;
  return `${codePoints
    .slice(0, maxChars - 1)
    .join('')
    .trimEnd()}…`;
}

const text = (field: string) =>
  z
    .string({ error: `"${field}" must be text` })
    .max(MAX_RAW_TEXT_CHARS, { error: `"${field}" is too long` })
    .transform((value) => cleanMetadataText(value));

const wholeNumberOrNull = (field: string, min: number, max: number) =>
  z
    .number({ error: `"${field}" must be a number or null` })
    .int({ error: `"${field}" must be a whole number` })
    .min(min, { error: `"${field}" must be at least ${min}` })
    .max(max, { error: `"${field}" must be at most ${max}` })
    .nullable()
    .default(null);

const metadataSchema = z.strictObject(
  {
    busker: z.literal(1, { error: 'it is not Busker metadata version 1 ("busker": 1)' }),
    title: text('title').refine((value) => value.length > 0, { error: '"title" is empty' }),
    artist: text('artist').default(''),
    album: text('album').default(''),
    trackNumber: wholeNumberOrNull('trackNumber', 1, METADATA_MAX_TRACK_NUMBER),
    durationMs: wholeNumberOrNull('durationMs', 1, METADATA_MAX_DURATION_MS),
    mime: z
      .string({ error: '"mime" must be text' })
      .max(127, { error: '"mime" is too long' })
      .regex(/^audio\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, {
        error: '"mime" must be an audio type like audio/flac',
      })
      .transform((value) => value.toLowerCase()),
    size: z
      .number({ error: '"size" must be a number' })
      .int({ error: '"size" must be a whole number of bytes' })
      .positive({ error: '"size" must be more than 0 bytes' })
      .max(Number.MAX_SAFE_INTEGER, { error: '"size" is too large' }),
    cover: z
      .string({ error: '"cover" must be a CID or null' })
      .max(MAX_CID_CHARS, { error: '"cover" is too long to be a CID' })
      .refine(isCid, { error: '"cover" is not a CID' })
      .nullable()
      .default(null),
  },
  // Version 1 fixes the fields (PROTOCOL: a change is a new version), so unknown keys are junk.
  { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysReason(issue.keys) : undefined) },
);

function isCid(value: string): boolean {
  try {
    CID.parse(value);
    return true;
  } catch {
    return false;
  }
}

function unknownKeysReason(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).map((key) => `"${cleanMetadataText(key, 40)}"`);
  return `it has fields version 1 does not define: ${shown.join(', ')}${keys.length > 3 ? ', …' : ''}`;
}

/** Validates metadata bytes fetched from IPFS; never throws. */
export function parseTrackMetadata(bytes: Uint8Array): MetadataParseResult {
  if (bytes.length > METADATA_MAX_BYTES) {
    return refused(`it is larger than ${METADATA_MAX_BYTES / 1024} KiB (the protocol's limit)`);
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refused('it is not UTF-8 text');
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return refused('it is not valid JSON');
  }
  return parseTrackMetadataJson(data);
}

/** Validates already-parsed metadata (`unknown`: nothing skips the schema). */
export function parseTrackMetadataJson(data: unknown): MetadataParseResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return refused('it is not a JSON object');
  }
  // Own fields only: a value inherited through a poisoned prototype must not count as given.
  const own: unknown = Object.setPrototypeOf(Object.fromEntries(Object.entries(data)), null);
  const result = metadataSchema.safeParse(own);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path[0];
    const message =
      issue?.code === 'invalid_type' && typeof field === 'string' && !Object.hasOwn(data, field)
        ? `"${field}" is missing`
        : (issue?.message ?? 'it does not match the protocol');
    return refused(message);
  }
  // A fresh object: whatever keys the input carried (e.g. "__proto__"), none reach the caller.
  const { title, artist, album, trackNumber, durationMs, mime, size, cover } = result.data;
  return { ok: true, metadata: { title, artist, album, trackNumber, durationMs, mime, size, cover } };
}

function refused(why: string): MetadataParseResult {
  return { ok: false, reason: `The track's metadata was refused: ${why}.` };
}
