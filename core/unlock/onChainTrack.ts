/** A track as the chain names it: the network, the artist's contract and the track's number there. */
export interface OnChainTrack {
  chainId: number;
  /** The Artist contract, 0x-hex (stored lower-case). */
  artist: string;
  trackId: number;
}

export function normalizeOnChainTrack(track: OnChainTrack): OnChainTrack {
  if (!Number.isSafeInteger(track.chainId) || track.chainId <= 0) throw new RangeError('Bad chain id');
  if (!/^0x[0-9a-fA-F]{40}$/.test(track.artist)) throw new RangeError('The artist must be a 0x-hex address');
  if (!Number.isSafeInteger(track.trackId) || track.trackId < 0) throw new RangeError('Bad track id');
  return { chainId: track.chainId, artist: track.artist.toLowerCase(), trackId: track.trackId };
}
