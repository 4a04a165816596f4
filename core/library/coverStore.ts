/**
 * Cover art: identified by the hash of its bytes so a thousand tracks of one album store one
 * image, and typed by sniffing the bytes (a tag's own MIME claim is not trusted: it is served
 * to the renderer as an image).
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

export const MAX_COVER_BYTES = 2 * 1024 * 1024;

export interface CoverCandidate {
  sha256: string;
  mime: string;
  bytes: Uint8Array;
}

/**
 * The last picture prepared (its own copy) and what it was found to be: the songs of an album
 * carry one picture and are read one after another, so comparing bytes spares hashing them again.
 */
let lastPrepared: { bytes: Buffer; sha256: string; mime: string } | null = null;

/** A picture from a tag, ready to store; null when it is too large or not an image we serve. */
export function prepareCover(bytes: Uint8Array): CoverCandidate | null {
  if (bytes.length === 0 || bytes.length > MAX_COVER_BYTES) return null;
  if (lastPrepared?.bytes.equals(bytes))
    return { sha256: lastPrepared.sha256, mime: lastPrepared.mime, bytes };
  const mime = imageMime(bytes);
  if (!mime) return null;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  lastPrepared = { bytes: Buffer.from(bytes), sha256, mime };
  return { sha256, mime, bytes };
}

function imageMime(bytes: Uint8Array): string | null {
  const [a, b, c, d] = bytes;
  if (a === 0x89 && b === 0x50 && c === 0x4e && d === 0x47) return 'image/png';
  if (a === 0xff && b === 0xd8 && c === 0xff) return 'image/jpeg';
  if (a === 0x47 && b === 0x49 && c === 0x46 && d === 0x38) return 'image/gif';
  const riff = Buffer.from(bytes.subarray(0, 12)).toString('latin1');
  if (riff.startsWith('RIFF') && riff.endsWith('WEBP')) return 'image/webp';
  return null;
}

export class CoverStore {
  private readonly findId: Statement<[string], number>;
  private readonly insert: Statement<[string, string, Uint8Array]>;

  constructor(db: Database) {
    this.findId = db.prepare<[string], number>('SELECT id FROM covers WHERE sha256 = ?').pluck();
    this.insert = db.prepare('INSERT INTO covers (sha256, mime, bytes) VALUES (?, ?, ?)');
  }

  /** The id of this cover, stored once. */
  put(cover: CoverCandidate): number {
    const existing = this.findId.get(cover.sha256);
    if (existing !== undefined) return existing;
    return Number(this.insert.run(cover.sha256, cover.mime, cover.bytes).lastInsertRowid);
  }
}
