import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { prepareCover } from './coverStore';

const png = (fill: number) => {
  const bytes = new Uint8Array(4096).fill(fill);
  bytes.set([0x89, 0x50, 0x4e, 0x47]);
  return bytes;
};
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('each picture gets the hash of its own bytes, also when the same one comes again', () => {
  const first = png(1);
  const second = png(2); // same size and kind, other bytes
  for (const bytes of [first, first, second, first, new Uint8Array(first)]) {
    const cover = prepareCover(bytes);
    assert.equal(cover?.sha256, sha256(bytes));
    assert.equal(cover?.mime, 'image/png');
    assert.equal(cover?.bytes, bytes, 'the caller keeps its own bytes');
  }
});

test('a picture changed in place after it was prepared is hashed again', () => {
  const bytes = png(3);
  prepareCover(bytes);
  bytes[100] = 0xff;
  assert.equal(prepareCover(bytes)?.sha256, sha256(bytes));
  assert.equal(prepareCover(new Uint8Array([1, 2, 3, 4])), null, 'not an image');
});
