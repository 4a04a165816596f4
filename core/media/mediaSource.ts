// What the stream handler serves, found by id only: library files, covers and catalogue tracks.

/** A file on disk the stream handler may serve, found by id only. */
export interface MediaFile {
  path: string;
  mime: string;
  size: number;
}

export interface CoverImage {
  data: Uint8Array;
  mime: string;
}

/** A catalogue track: a `BSK1` container on IPFS, playable once its content key is in the vault. */
export interface EncryptedMedia {
  audioCid: string;
  mime: string;
  /** Null while the listener has not unlocked the track. Never log it. */
  contentKey: Buffer | null;
}

/** How the stream handler turns an id from a URL into bytes: ids only, never paths. */
export interface MediaSource {
  trackFile(id: number): MediaFile | null;
  /** The catalogue track behind `id`, for hosts that have a content store. */
  encryptedTrack?(id: number): EncryptedMedia | null;
  coverImage(id: number): CoverImage | null;
}
