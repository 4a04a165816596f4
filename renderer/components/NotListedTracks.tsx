import { shortAddress } from '../logic/address';
import { useAppStore } from '../store/appStore';

/** "its title is not text" → "Its title is not text." */
function asSentence(clause: string): string {
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
}

/**
 * The catalogue tracks Busker does not list, each with why, folded away under one line. Every
 * part of an entry came from the chain or IPFS, so it is rendered as text only.
 */
export function NotListedTracks() {
  const tracks = useAppStore((s) => s.notListed);
  if (tracks.length === 0) return null;
  return (
    <details className="not-listed">
      <summary className="not-listed__summary">Not listed ({tracks.length.toLocaleString()})</summary>
      <ul className="not-listed__items" aria-label="Catalogue tracks not listed">
        {tracks.map((track) => (
          <li key={`${track.artistContract}:${track.chainTrackId}`} className="not-listed__item">
            <span className="not-listed__track" title={track.artistContract}>
              Track {track.chainTrackId} by {track.artistName || shortAddress(track.artistContract)}
            </span>
            <span className="not-listed__reason">{asSentence(track.reason)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
