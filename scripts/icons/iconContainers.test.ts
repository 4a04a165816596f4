import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  containerSizes,
  encodeIcns,
  encodeIco,
  ICNS_ENTRY_TYPES,
  ICO_SIZES,
  pngSize,
  type IconImage,
} from './iconContainers';

/** A stand-in rendering: a fake PNG (signature + IHDR size) and a pixel pattern with clear corners. */
function fakeImage(size: number): IconImage {
  const png = Buffer.alloc(32);
  Buffer.from('89504e470d0a1a0a', 'hex').copy(png, 0);
  png.writeUInt32BE(size, 16);
  png.writeUInt32BE(size, 20);
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const at = (y * size + x) * 4;
      rgba.set([x % 256, y % 256, 7, x === 0 && y === 0 ? 0 : 255], at);
    }
  }
  return { size, png, rgba };
}

const images = containerSizes().map(fakeImage);

test('the .icns file is its header and one PNG entry per type, lengths included', () => {
  const icns = encodeIcns(images);
  assert.equal(icns.subarray(0, 4).toString('latin1'), 'icns');
  assert.equal(icns.readUInt32BE(4), icns.length);
  let offset = 8;
  const seen: Array<[string, number | undefined]> = [];
  while (offset < icns.length) {
    const type = icns.subarray(offset, offset + 4).toString('latin1');
    const length = icns.readUInt32BE(offset + 4);
    seen.push([type, pngSize(icns.subarray(offset + 8, offset + length))?.width]);
    offset += length;
  }
  assert.equal(offset, icns.length);
  assert.deepEqual(
    seen,
    ICNS_ENTRY_TYPES.map(([type, size]) => [type, size]),
  );
});

test('the .ico directory points at a PNG for 256 px and at bottom-up BGRA bitmaps below', () => {
  const ico = encodeIco(images);
  assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)], [0, 1, ICO_SIZES.length]);
  ICO_SIZES.forEach((size, index) => {
    const entry = 6 + index * 16;
    assert.equal(ico.readUInt8(entry) || 256, size);
    assert.equal(ico.readUInt16LE(entry + 6), 32);
    const length = ico.readUInt32LE(entry + 8);
    const body = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + length);
    assert.equal(body.length, length, `entry ${size} lies inside the file`);
    if (size === 256) {
      assert.deepEqual(pngSize(body), { width: 256, height: 256 });
      return;
    }
    assert.deepEqual([body.readUInt32LE(0), body.readInt32LE(4), body.readInt32LE(8)], [40, size, size * 2]);
    // The top-left pixel is the last row's first pixel in the file, stored as BGRA.
    const topLeft = 40 + (size - 1) * size * 4;
    assert.deepEqual([...body.subarray(topLeft, topLeft + 4)], [7, 0, 0, 0]);
    const second = topLeft + 4;
    assert.deepEqual([...body.subarray(second, second + 4)], [7, 0, 1, 255]);
    // The transparency mask marks that clear top-left pixel, and only it.
    const maskStride = Math.ceil(size / 32) * 4;
    const mask = body.subarray(40 + size * size * 4);
    assert.equal(mask.length, maskStride * size);
    assert.equal(mask[(size - 1) * maskStride], 0x80);
    assert.equal(
      mask.reduce((sum, byte) => sum + byte, 0),
      0x80,
    );
  });
});

test('a missing rendering is named rather than written as a broken icon', () => {
  assert.throws(() => encodeIco(images.filter((image) => image.size !== 48)), /48×48/);
  assert.throws(() => encodeIcns(images.filter((image) => image.size !== 1024)), /1024×1024/);
});

test('pngSize reads the header and refuses other bytes', () => {
  assert.deepEqual(pngSize(fakeImage(64).png), { width: 64, height: 64 });
  assert.equal(pngSize(Buffer.from('GIF89a not a png at all, really')), null);
});
