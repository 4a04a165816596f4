// The unit tests of pure logic run in Node (node:test), not in the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { audioFormatForMime } from './audioFormat';
import { formatDuration, formatTotalLength, formatTrackLength } from './formatDuration';

describe('formatDuration', () => {
  it('formats minutes and seconds', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(5.9), '0:05');
    assert.equal(formatDuration(65), '1:05');
    assert.equal(formatDuration(599), '9:59');
  });

  it('adds hours for long tracks', () => {
    assert.equal(formatDuration(3600), '1:00:00');
    assert.equal(formatDuration(3725), '1:02:05');
  });

  it('shows unknown lengths as dashes', () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      assert.equal(formatDuration(value), '–:––');
    }
    assert.equal(formatTrackLength(null), '–:––');
    assert.equal(formatTrackLength(201_500), '3:21');
  });
});

describe('formatTotalLength', () => {
  it('says an album length in seconds, minutes or hours', () => {
    assert.equal(formatTotalLength(35_000), '35 s');
    assert.equal(formatTotalLength(42 * 60_000 + 20_000), '42 min');
    assert.equal(formatTotalLength(65 * 60_000), '1 h 5 min');
  });

  it('says nothing for an unknown length', () => {
    assert.equal(formatTotalLength(null), '');
    assert.equal(formatTotalLength(-5), '');
  });
});

describe('audioFormatForMime', () => {
  it('maps mime types to howler format names', () => {
    assert.equal(audioFormatForMime('audio/mpeg'), 'mp3');
    assert.equal(audioFormatForMime('audio/flac'), 'flac');
    assert.equal(audioFormatForMime('Audio/X-M4A; codecs=alac'), 'm4a');
    assert.equal(audioFormatForMime('application/pdf'), null);
  });
});
