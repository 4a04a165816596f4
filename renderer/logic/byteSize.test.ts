import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, parseMegabytes, toMegabytes } from './byteSize';

describe('byte sizes', () => {
  it('formats and reads megabytes', () => {
    assert.equal(formatBytes(0), '0 bytes');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(2 * 1024 ** 3), '2 GB');
    assert.deepEqual(parseMegabytes('2048'), { ok: true, bytes: 2048 * 1024 * 1024 });
    assert.equal(parseMegabytes('lots').ok, false);
    assert.equal(parseMegabytes('0.5').ok, false);
    // The form refuses, in words, any limit the host's schema would refuse.
    assert.deepEqual(parseMegabytes('63'), { ok: false, message: 'The limit must be at least 64 MB.' });
    assert.equal(parseMegabytes('64').ok, true);
    assert.equal(toMegabytes(512 * 1024 * 1024), '512');
  });
});
