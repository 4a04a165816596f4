import type { PlaybackProblem } from '../api/marketApi';
import type { ContentStore } from '../storage/contentStore';
import type { MarketRuntime } from './marketRuntime';

export interface PlaybackFacts {
  rt: MarketRuntime | null;
  walletUnlocked: boolean;
  content: ContentStore;
  /** The library id of the track that could not be played. */
  id: number;
}

/**
 * Why a catalogue track the audio engine could not play failed, asked after the failure: the
 * media answer's status never reaches the page (an audio element only says "not supported").
 * Null: not a catalogue track, or nothing the market knows of (then the file itself is at fault).
 */
export async function explainPlayback({
  rt,
  walletUnlocked,
  content,
  id,
}: PlaybackFacts): Promise<PlaybackProblem | null> {
  const media = rt?.session.catalogueTracks.media(id);
  if (!rt || !media) return null;
  if (!rt.session.unlocked.has(media)) {
    return { code: 'NOT_UNLOCKED', message: 'It is locked: tip the artist to unlock it.' };
  }
  if (!walletUnlocked) {
    return {
      code: 'WALLET_LOCKED',
      message:
        'Your wallet is locked (it locks each time Busker starts), so the track’s key cannot be opened. ' +
        'Unlock the wallet to play it.',
    };
  }
  const held = await content.has(media.audioCid, { signal: AbortSignal.timeout(5_000) }).catch(() => false);
  if (!held) {
    return {
      code: 'CONTENT_UNREACHABLE',
      message:
        'It cannot be reached now: it is not on this computer, and no peer that holds it (the artist’s ' +
        'computer or the network’s seeds) answered. Try again later; tracks kept offline play without a network.',
    };
  }
  return null;
}
