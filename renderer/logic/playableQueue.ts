import type { CatalogueTrackState } from '../../core/api/appApi';
import { isPlayable } from './unlockProgress';

export interface PlayableQueue {
  ids: number[];
  /** Where to start in `ids`: the asked track, or the next playable one after it. */
  startIndex: number;
  /** Titles of the locked tracks left out, for the word that says so. */
  skipped: string[];
}

/**
 * The queue a playlist (or any chosen tracks) plays: locked catalogue tracks are left out, so the
 * player never stops on one; the listener is told in words which were skipped.
 */
export function playableQueue(
  tracks: readonly { id: number; title: string }[],
  start: number,
  stateOf: (id: number) => CatalogueTrackState | undefined,
): PlayableQueue {
  const ids: number[] = [];
  const skipped: string[] = [];
  let startIndex = -1;
  tracks.forEach((track, index) => {
    if (!isPlayable(stateOf(track.id))) {
      skipped.push(track.title);
      return;
    }
    if (startIndex < 0 && index >= start) startIndex = ids.length;
    ids.push(track.id);
  });
  return { ids, startIndex: Math.max(0, startIndex), skipped };
}

/** "“A” is locked and was skipped: tip the artist to unlock it." — or how many were. */
export function skippedLockedMessage(skipped: readonly string[]): string | null {
  if (skipped.length === 0) return null;
  if (skipped.length === 1) return `“${skipped[0]}” is locked and was skipped: tip the artist to unlock it.`;
  return `${skipped.length} locked tracks were skipped: tip their artists to unlock them.`;
}
