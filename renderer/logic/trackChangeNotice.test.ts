import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shouldNotifyTrackChange } from './trackChangeNotice';

const change = { enabled: true, previousId: 1, currentId: 2, playing: true, windowInView: false };

test('a new track playing while the window is out of view is announced', () => {
  assert.equal(shouldNotifyTrackChange(change), true);
  assert.equal(shouldNotifyTrackChange({ ...change, previousId: null }), true, 'the first track too');
});

test('no notice when off, in view, paused, stopped or the same track again', () => {
  assert.equal(shouldNotifyTrackChange({ ...change, enabled: false }), false);
  assert.equal(shouldNotifyTrackChange({ ...change, windowInView: true }), false);
  assert.equal(shouldNotifyTrackChange({ ...change, playing: false }), false);
  assert.equal(shouldNotifyTrackChange({ ...change, currentId: null }), false);
  assert.equal(shouldNotifyTrackChange({ ...change, previousId: 2 }), false);
});
