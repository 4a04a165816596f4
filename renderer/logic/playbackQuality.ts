/**
 * The listener's playback-quality choices as remembered between sessions: what storage hands
 * back is parsed before use, and values out of range are brought back into it.
 */
import { z } from 'zod';
import type { ReplayGainSettings } from './replayGain';
import { defaultReplayGain, PREAMP_LIMIT_DB, PREAMP_STEP_DB } from './replayGain';

z.config({ jitless: true });

/** A pre-amp inside ±15 dB on the slider's 0.5 dB steps; 0 for anything that is not a number. */
export function clampPreamp(dB: number): number {
  if (!Number.isFinite(dB)) return 0;
  const stepped = Math.round(dB / PREAMP_STEP_DB) * PREAMP_STEP_DB;
  // `+ 0` turns −0 into 0, so a reset pre-amp reads "0 dB".
  return Math.max(-PREAMP_LIMIT_DB, Math.min(PREAMP_LIMIT_DB, stepped)) + 0;
}

const replayGainSchema = z.object({
  mode: z.enum(['off', 'track', 'album']).catch(defaultReplayGain.mode),
  preampDb: z.number().catch(defaultReplayGain.preampDb).transform(clampPreamp),
  preventClipping: z.boolean().catch(defaultReplayGain.preventClipping),
});

/** Saved ReplayGain settings, each field falling back to its default when it cannot be read. */
export function readReplayGain(saved: unknown): ReplayGainSettings {
  const parsed = replayGainSchema.safeParse(saved);
  return parsed.success ? parsed.data : defaultReplayGain;
}
