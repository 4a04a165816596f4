import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plural } from './plural';

test('one takes the singular; none and many the plural, counted in the locale', () => {
  assert.equal(plural(1, 'song', 'songs'), '1 song');
  assert.equal(plural(0, 'song', 'songs'), '0 songs');
  assert.equal(plural(1234, 'album', 'albums'), `${(1234).toLocaleString()} albums`);
});
