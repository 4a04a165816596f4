import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trackColumnTemplate, visibleTrackColumns } from './trackColumns';

test('a wide list shows every column, history included', () => {
  assert.deepEqual(visibleTrackColumns(1100), [
    'number',
    'title',
    'artist',
    'album',
    'plays',
    'lastPlayed',
    'duration',
    'price',
  ]);
});

test('narrowing drops Last played, then Plays, then Album, then Price; Title and Artist stay', () => {
  assert.deepEqual(visibleTrackColumns(900), [
    'number',
    'title',
    'artist',
    'album',
    'plays',
    'duration',
    'price',
  ]);
  assert.deepEqual(visibleTrackColumns(776), ['number', 'title', 'artist', 'album', 'duration', 'price']);
  assert.deepEqual(visibleTrackColumns(600), ['number', 'title', 'artist', 'duration', 'price']);
  assert.deepEqual(visibleTrackColumns(320), ['number', 'title', 'artist', 'duration']);
});

test('an unmeasured list (width 0) shows every column rather than none', () => {
  assert.equal(visibleTrackColumns(0).length, 8);
});

test('the grid template has one track per column shown', () => {
  assert.equal(trackColumnTemplate(visibleTrackColumns(320)), '48px minmax(0, 2.2fr) minmax(0, 1.5fr) 64px');
});
