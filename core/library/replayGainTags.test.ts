import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IAudioMetadata } from 'music-metadata';
import { replayGainFromTags } from './replayGainTags';

const common = (tags: Record<string, unknown>) => tags as unknown as IAudioMetadata['common'];
const ratio = (dB: number) => ({ dB, ratio: 10 ** (dB / 20) });

test('track and album gains and peaks are read from the tags', () => {
  assert.deepEqual(
    replayGainFromTags(
      common({
        replaygain_track_gain: ratio(-6.5),
        replaygain_track_peak: { ratio: 0.98, dB: -0.2 },
        replaygain_album_gain: ratio(-7),
        replaygain_album_peak: { ratio: 1.02, dB: 0.2 },
      }),
    ),
    { trackGainDb: -6.5, trackPeak: 0.98, albumGainDb: -7, albumPeak: 1.02 },
  );
});

test('a file without gains has no ReplayGain, even with a peak', () => {
  assert.equal(replayGainFromTags(common({})), null);
  assert.equal(replayGainFromTags(common({ replaygain_track_peak: { ratio: 0.5, dB: -6 } })), null);
});

test('broken values are dropped one by one, never stored', () => {
  assert.deepEqual(
    replayGainFromTags(
      common({
        replaygain_track_gain: { dB: Number.NaN, ratio: Number.NaN },
        replaygain_track_peak: { ratio: -1 },
        replaygain_album_gain: ratio(-3),
        replaygain_album_peak: { ratio: 'loud' },
      }),
    ),
    { trackGainDb: null, trackPeak: null, albumGainDb: -3, albumPeak: null },
  );
  assert.equal(replayGainFromTags(common({ replaygain_track_gain: ratio(400) })), null);
});
