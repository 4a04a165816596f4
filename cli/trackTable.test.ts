import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrackSummary } from '../core/api/appApi';
import { displayWidth, formatTrackTable } from './trackTable';

function track(id: number, title: string, artist = 'Artist', album = 'Album'): TrackSummary {
  return {
    id,
    title,
    artist,
    album,
    albumId: null,
    artistId: null,
    trackNumber: null,
    discNumber: null,
    year: null,
    durationMs: 125_000,
    mime: 'audio/flac',
    coverId: null,
    playCount: 0,
    lastPlayedAt: null,
  };
}

test('rows line up under their headings, with durations as m:ss', () => {
  const lines = formatTrackTable([track(1, 'Short'), track(22, 'A longer title')])
    .trimEnd()
    .split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0] ?? '', /^ID {2}Title\s+Artist\s+Album\s+Time$/);
  assert.match(lines[2] ?? '', /^22 {2}A longer title {2}Artist {2}Album {2}2:05$/);
  assert.equal(lines[1]?.indexOf('Artist'), lines[2]?.indexOf('Artist'));
});

test('long cells are cut with an ellipsis, wide characters count double', () => {
  const table = formatTrackTable([track(1, 'x'.repeat(100)), track(2, '夜明けの歌'.repeat(10), '山田太郎')]);
  const [heading = '', first = '', second = ''] = table.split('\n');
  assert.match(first, /x{39}…/);
  assert.match(second, /夜明けの歌.*…/);
  // The Time column is right-aligned, so aligned rows all end in the same terminal cell.
  assert.equal(displayWidth(first), displayWidth(heading));
  assert.equal(displayWidth(second), displayWidth(heading));
});

test('control characters in tags never reach the terminal', () => {
  const table = formatTrackTable([track(1, 'Evil\u001b[2J\u0007Title\r\nNext', 'A\u009bB')]);
  assert.doesNotMatch(table, /(?!\n)\p{Cc}/u);
  assert.equal(table.trimEnd().split('\n').length, 2);
});
